"""`kb check`: running the rules over a project, the findings, their output, the cache between runs."""
