"""Generate a synthetic knowledge base of N realistic entries (both languages) and a few guides.

Each entry has codes in several forms (hex with and without 0x, a Wsl/Service/... path), commands
in every shell (bash, sh, PowerShell, cmd) that pass `kb check`, tabs, references, related links,
prose with lists and inline code. Used by bench/run.py; also usable alone:

    .venv/bin/python bench/generate.py 2000 /tmp/kb-2000
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GROUPS = [("windows", ["docker-desktop", "wsl"]), ("windows", ["hyper-v", "virtualization"]),
          ("linux", ["docker-engine", "permissions"]), ("linux", ["kvm", "docker-desktop"]),
          ("linux", ["package-manager", "docker-engine"]), ("windows", ["network", "docker-desktop"])]

ZH_SENTENCES = [
    "Docker Desktop 启动时停在“正在启动引擎”，随后弹出错误对话框。",
    "在命令行中运行 `docker version` 只显示客户端信息，服务端部分报错。",
    "这个问题通常出现在升级 Windows 或 Docker Desktop 之后。",
    "日志中可以看到虚拟机无法创建，Host Compute Service 返回了错误代码。",
    "如果机器上还安装了其他虚拟化软件，它们可能与 Hyper-V 争用硬件虚拟化功能。",
    "守护进程的配置文件 `/etc/docker/daemon.json` 中有一项设置与当前环境不符。",
    "软件源配置里的发行版代号与系统实际版本不一致，apt 找不到对应的软件包。",
]
EN_SENTENCES = [
    "Docker Desktop stops at \"Starting the Docker Engine\" and then shows an error dialog.",
    "Running `docker version` in a terminal prints the client section only; the server part fails.",
    "The problem usually appears after an update of Windows or Docker Desktop.",
    "The log shows that the virtual machine cannot be created: the Host Compute Service returns an error code.",
    "When other virtualization software is installed, it may compete with Hyper-V for hardware virtualization.",
    "A setting in the daemon configuration file `/etc/docker/daemon.json` does not fit this environment.",
    "The release codename in the apt source does not match the system, so apt finds no package.",
]
COMMANDS = [
    ("powershell", True, "wsl --shutdown\nwsl --update"),
    ("powershell", False, "wsl --list --verbose"),
    ("powershell", True, "bcdedit /set hypervisorlaunchtype auto"),
    ("cmd", True, "dism.exe /online /enable-feature /featurename:VirtualMachinePlatform /all /norestart"),
    ("cmd", False, "docker version"),
    ("bash", True, "sudo systemctl restart docker"),
    ("bash", True, 'sudo usermod -aG docker "$USER"'),
    ("bash", False, "ls -l /var/run/docker.sock"),
    ("sh", False, "docker info --format '{{.ServerVersion}}'"),
    ("bash", True, "sudo apt-get update\nsudo apt-get install -y docker-ce docker-ce-cli containerd.io"),
]


# Words for a clause of each sentence drawn at random, so that texts do not repeat from entry to
# entry: real entries share phrases (labels, product names) but rarely whole sentences, and the
# build memoizes rendered texts and jieba's segmentation of each run of Chinese. With the seven
# sentences alone, 99.8% of the runs of Chinese a build segmented were repeats; in the real
# content's search index 50% are; with these clauses, 61% (200 entries).
ZH_WORDS = ["重启", "服务", "虚拟机", "配置", "更新", "网络", "驱动", "权限", "用户", "系统", "日志", "安装",
            "程序", "版本", "设置", "检查", "错误", "文件", "路径", "磁盘", "内核", "容器", "镜像", "端口",
            "代理", "防火墙", "注册表", "组件", "功能", "引擎", "进程", "窗口", "命令", "管理员", "账户", "策略"]
EN_WORDS = ["restart", "service", "virtual", "machine", "configuration", "update", "network", "driver",
            "permission", "user", "system", "log", "install", "program", "version", "setting", "check",
            "error", "file", "path", "disk", "kernel", "container", "image", "port", "proxy", "firewall",
            "registry", "component", "feature", "engine", "process", "window", "command", "account", "policy"]


def _paragraph(rng: random.Random, sentences: list[str], count: int) -> str:
    chinese = sentences is ZH_SENTENCES
    words = ZH_WORDS if chinese else EN_WORDS
    out = []
    for _ in range(count):
        a, b, c, d = (("" if chinese else " ").join(rng.sample(words, 4)) for _ in range(4))
        out.append(rng.choice(sentences) + (f"涉及{a}，先看{b}，再查{c}，最后确认{d}。" if chinese else
                                            f" It involves {a}; look at {b}, then {c}, and confirm {d}."))
    return " ".join(out)


def _command(rng: random.Random, indent: str) -> str:
    shell, admin, run = rng.choice(COMMANDS)
    lines = [f"{indent}command:", f"{indent}  shell: {shell}"]
    if admin:
        lines.append(f"{indent}  admin: true")
    lines.append(f"{indent}  run: |")
    lines += [f"{indent}    {line}" for line in run.splitlines()]
    return "\n".join(lines)


def entry_yaml(index: int, total: int, rng: random.Random) -> tuple[str, str]:
    group, components = GROUPS[index % len(GROUPS)]
    entry_id = f"synthetic-problem-{index:05d}"
    code = f"0x8037{index:04x}"
    symbol = f"HCS_E_SYNTHETIC_{index:05d}"
    related = sorted({f"synthetic-problem-{(index + step) % total:05d}" for step in (1, 7)} - {entry_id})
    def zh(count: int) -> str:  # a JSON string is a valid YAML scalar, whatever the text holds
        return json.dumps(_paragraph(rng, ZH_SENTENCES, count), ensure_ascii=False)

    def en(count: int) -> str:
        return json.dumps(_paragraph(rng, EN_SENTENCES, count), ensure_ascii=False)
    steps = []
    for step in range(4):
        if step == 1:
            steps.append(
                "  - text:\n"
                f"      zh: {zh(1)}\n"
                f"      en: {en(1)}\n"
                "    options:\n"
                "      - label: {zh: PowerShell, en: PowerShell}\n" + _command(rng, "        ") + "\n"
                "      - label: {zh: 命令提示符, en: Command Prompt}\n"
                "        command:\n          shell: cmd\n          run: wsl --status")
        else:
            steps.append(f"  - text:\n      zh: {zh(2)}\n      en: {en(2)}\n" + _command(rng, "    "))
    text = f"""# yaml-language-server: $schema=../../../kb_builder/schema/entry.schema.json
id: {entry_id}
status: {"validated" if index % 3 else "draft"}
platforms: [{group}]
components: [{", ".join(components)}]
error_codes:
  - "{code}"
  - "{code[2:]}"
  - Wsl/Service/CreateInstance/CreateVm/HCS/{symbol}
  - {symbol}
signatures:
  - synthetic failure number {index} happened
  - 合成故障编号 {index} 已发生
title:
  zh: 合成问题 {index}：Docker 启动失败并报告 {symbol}
  en: "Synthetic problem {index}: Docker fails to start with {symbol}"
symptoms:
  zh: {json.dumps(_paragraph(rng, ZH_SENTENCES, 3) + chr(10) + chr(10) + "- " + rng.choice(ZH_SENTENCES) + chr(10) + "- " + rng.choice(ZH_SENTENCES), ensure_ascii=False)}
  en: {json.dumps(_paragraph(rng, EN_SENTENCES, 3) + chr(10) + chr(10) + "- " + rng.choice(EN_SENTENCES) + chr(10) + "- " + rng.choice(EN_SENTENCES))}
messages:
  - lang: en-US
    source: Docker Desktop
    text: |
      synthetic failure number {index} happened
      Error code: Wsl/Service/CreateInstance/CreateVm/HCS/{symbol}
  - lang: zh-CN
    source: Docker Desktop
    text: |
      合成故障编号 {index} 已发生
      错误代码: Wsl/Service/CreateInstance/CreateVm/HCS/{symbol}
cause:
  zh: {zh(4)}
  en: {en(4)}
steps:
{chr(10).join(steps)}
verify:
  text:
    zh: 运行以下命令，确认服务端已经可用。
    en: Run this command and check that the server answers.
  command:
    shell: powershell
    run: docker version
  expect:
    zh: 输出中同时有 `Client` 和 `Server` 两部分。
    en: The output has both a `Client` and a `Server` section.
related: [{", ".join(related)}]
references:
  - title: Troubleshoot topics for Docker Desktop | Docker Docs
    url: https://docs.docker.com/desktop/troubleshoot-and-support/troubleshoot/topics/
  - title: Troubleshooting Windows Subsystem for Linux | Microsoft Learn
    url: https://learn.microsoft.com/en-us/windows/wsl/troubleshooting
updated: "2026-11-{1 + index % 28:02d}"
"""
    return f"content/entries/{group}/{entry_id}.yaml", text


def guide(name: str, lang: str, rng: random.Random, entries: int) -> str:
    sentences = ZH_SENTENCES if lang == "zh" else EN_SENTENCES
    title = {"zh": f"指南 {name}", "en": f"Guide {name}"}[lang]
    links = "\n".join(f"- [{i}](entries/synthetic-problem-{i:05d}.md)" for i in range(0, entries, max(1, entries // 10)))
    body = "\n\n".join(_paragraph(rng, sentences, 4) for _ in range(5))
    return f"# {title}\n\n{body}\n\n## Links\n\n{links}\n\n```bash\ndocker version\n```\n"


def generate(count: int, target: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("- hooks/", f"- {REPO.as_posix()}/hooks/")
    config = config.replace("custom_dir: kb_builder/theme", f"custom_dir: {REPO.as_posix()}/kb_builder/theme")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    for index in range(count):
        path, text = entry_yaml(index, count, rng)
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    for name in ("getting-started", "windows", "linux"):
        for lang in ("zh", "en"):
            file = target / "content/guides" / lang / f"{name}.md"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(guide(name, lang, rng, count), encoding="utf-8")
    return target


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
