"""Links of the content: where they are, what they point to, and whether that exists.

`extract` finds every link, image and reference URL with its file:line:col; `pages` knows the
pages and anchors each language's site will have; `urls` judges external addresses without the
network; `online` asks the network, on demand only (`kb links --online`). The rules in
`kb_builder/rules/` that check links all read the same `LinkIndex`.
"""
