"""The real content covers issue 3's topic list, and every entry is complete enough to publish.

These tests load the knowledge base itself (not fixtures): which problems and guides issue 3 asks for
is data below, so a renamed or deleted entry, a missing translation or an unofficial reference fails
here with the topic or entry it concerns.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kb_builder.config import load_config
from kb_builder.content.project import load_project

REPO = Path(__file__).resolve().parent.parent

# Issue 3's topic list: (topic, entry ids that cover it, platform the entries must cover, error code
# the covering entries must list or None). A topic may need several entries when one code has
# several causes.
TOPICS = [
    ("Windows: Virtual Machine Platform / WSL feature not enabled (HCS_E_HYPERV_NOT_INSTALLED)",
     ["wsl-virtual-machine-platform-disabled"], "windows", "HCS_E_HYPERV_NOT_INSTALLED"),
    ("Windows: VT-x/AMD-V or DEP off in the firmware", ["bios-virtualization-disabled"], "windows", None),
    ("Windows: WSL 2 kernel missing or outdated", ["wsl-kernel-missing-or-outdated"], "windows", None),
    ("Windows: WSL too old for current Docker Desktop", ["wsl-version-too-old"], "windows", None),
    ("Windows: Docker Desktop failing to update WSL", ["docker-desktop-wsl-update-failed"], "windows", None),
    ("Windows: Windows Home and the Hyper-V backend", ["windows-home-hyper-v-backend"], "windows", None),
    ("Windows: Windows build below the minimum", ["windows-build-below-minimum"], "windows", None),
    ("Windows: Hyper-V / Containers features broken", ["hyper-v-features-broken"], "windows", None),
    ("Windows: Windows in a VM or cloud instance without nested virtualization",
     ["windows-vm-nested-virtualization"], "windows", None),
    ("Windows: hypervisorlaunchtype Off", ["hypervisor-launch-type-off"], "windows", None),
    ("Windows: HCS_E_SERVICE_NOT_AVAILABLE", ["hcs-service-not-available", "vmcompute-exploit-protection"],
     "windows", "HCS_E_SERVICE_NOT_AVAILABLE"),
    ("Windows: VMware/VirtualBox and Hyper-V / core isolation", ["hyper-v-vmware-virtualbox-coexistence"],
     "windows", None),
    ("Windows: exploit protection on vmcompute.exe", ["vmcompute-exploit-protection"], "windows", None),
    ("Windows: proxy / VPN / Winsock LSP", ["wsl-broken-by-proxy-vpn-lsp"], "windows", None),
    ("Windows: data disk compressed or encrypted", ["docker-data-compressed-or-encrypted"], "windows", None),
    ("Windows: user not in docker-users", ["user-not-in-docker-users"], "windows", None),
    ("Windows: engine not running (named pipe)", ["docker-engine-pipe-not-found"], "windows", None),
    ("Windows: docker-desktop distribution broken or missing", ["docker-desktop-distro-broken"], "windows", None),
    ("Windows: CPU without SLAT", ["cpu-without-slat"], "windows", None),
    ("Windows: the seed article's unexplained start-up error", ["docker-desktop-startup-error-unexplained"],
     "windows", None),
    ("Linux: /dev/kvm missing", ["linux-dev-kvm-missing"], "linux", None),
    ("Linux: KVM permission denied", ["linux-kvm-permission-denied"], "linux", None),
    ("Linux: desktop-linux vs default context", ["linux-desktop-vs-engine-context"], "linux", None),
    ("Linux: subuid / subgid", ["linux-subuid-subgid-missing"], "linux", None),
    ("Linux: docker.sock permission denied", ["docker-sock-permission-denied"], "linux", None),
    ("Linux: daemon not running", ["docker-daemon-not-running"], "linux", None),
    ("Linux: Docker in WSL without systemd", ["wsl-docker-without-systemd"], "linux", None),
    ("Linux: iptables / nftables", ["iptables-nftables-backend"], "linux", None),
    ("Linux: apt NO_PUBKEY", ["apt-no-pubkey"], "linux", "NO_PUBKEY"),
    ("Linux: no installation candidate", ["apt-no-installation-candidate"], "linux", None),
    ("Linux: wrong codename on derivatives", ["apt-wrong-codename-derivative"], "linux", None),
    ("Linux: conflicting Signed-By / malformed docker.list", ["apt-conflicting-signed-by"], "linux", None),
    ("Linux: conflicting packages", ["conflicting-packages-installed"], "linux", None),
    ("Network: registry timeouts behind a proxy", ["registry-timeout-behind-proxy"], None, None),
    ("Network: DNS failures", ["registry-dns-lookup-failure"], None, None),
    ("Network: stale credsStore", ["stale-credsstore"], None, None),
    # The content review's gaps (G1-G10, runners-up) and Docker Desktop for Mac.
    ("G1 Windows: precondition check fails although virtualization works",
     ["docker-desktop-precondition-check-false-positive"], "windows", None),
    ("G2 Windows: installer fails enabling Windows features", ["docker-desktop-installer-enable-features-failed"],
     "windows", "0x800f0819"),
    ("G3 Windows: WSL optional component not enabled", ["wsl-optional-component-not-enabled"], "windows",
     "0x8007019e"),
    ("G4 Windows: Docker's VHDX used by another process", ["docker-data-vhdx-in-use"], "windows",
     "ERROR_SHARING_VIOLATION"),
    ("G5 Windows: WSL NAT networking (HNS) failure", ["wsl-nat-network-hns-failure"], "windows", "0x80041002"),
    ("G6 Windows: logon type not granted", ["logon-type-not-granted"], "windows", "0x80070569"),
    ("G7 Windows: stuck on Starting the Docker Engine", ["docker-desktop-stuck-starting-engine"], "windows", None),
    ("G8 Linux: AppArmor user-namespace restriction", ["linux-desktop-apparmor-userns"], "linux", None),
    ("G9 Linux: daemon.json refused", ["daemon-json-flag-conflict", "daemon-json-invalid"], "linux", None),
    ("G10 Linux: RPM-family install", ["dnf5-config-manager-add-repo", "rpm-podman-runc-conflict",
                                       "rpm-repo-wrong-distro"], "linux", None),
    ("Windows: disk full at start", ["docker-desktop-disk-full"], "windows", "ERROR_DISK_FULL"),
    ("Windows: Docker's VHDX access denied", ["docker-data-vhdx-access-denied"], "windows", "E_ACCESSDENIED"),
    ("Linux: Docker Desktop's QEMU terminated", ["linux-desktop-qemu-terminated"], "linux", None),
    ("macOS: daemon not running", ["macos-docker-daemon-not-running"], "macos", None),
    ("macOS: stuck starting", ["macos-desktop-stuck-starting"], "macos", None),
    ("macOS: Docker.app damaged", ["macos-docker-app-damaged"], "macos", None),
    ("macOS: malware blocked com.docker.vmnetd", ["macos-malware-blocked-vmnetd"], "macos", None),
    ("macOS: privileged helper prompt loop", ["macos-privileged-helper-prompt-loop"], "macos", None),
    ("macOS: macOS version unsupported", ["macos-version-unsupported"], "macos", None),
    ("macOS: incompatible CPU, wrong build", ["macos-incompatible-cpu-wrong-build"], "macos", "DD0018"),
]

GUIDES = ["engine-vs-desktop", "install-desktop-windows", "install-desktop-linux", "install-engine-linux",
          "desktop-in-vm", "install-desktop-mac", "collect-diagnostics"]

# Problems that truly show no error code, with the reason. Anything else must list its code(s).
NO_ERROR_CODE = {
    "apt-conflicting-signed-by": "apt prints a sentence about the source list, no code",
    "apt-no-installation-candidate": "apt reports a missing package by name, no code",
    "apt-wrong-codename-derivative": "the only number is the HTTP 404 of a missing Release file",
    "conflicting-packages-installed": "apt/dpkg dependency messages carry no code",
    "daemon-json-flag-conflict": "dockerd names the conflicting directives in words, no code",
    "daemon-json-invalid": "dockerd quotes Go's JSON decoder error in words, no code",
    "dnf5-config-manager-add-repo": "dnf5 reports an unknown argument in words, no code",
    "docker-daemon-not-running": "the CLI reports a missing socket, no code",
    "docker-desktop-precondition-check-false-positive": "the dialog and the backend log say it in words, no code",
    "docker-desktop-startup-error-unexplained": "the catch-all for errors whose code (if any) is unknown",
    "docker-desktop-stuck-starting-engine": "a hang: the dashboard's status line and the log carry no code",
    "docker-desktop-wsl-update-failed": "the dialog shows only wsl.exe's exit status 4294967295 (-1), not a code",
    "docker-engine-pipe-not-found": "the CLI reports a missing named pipe, no code",
    "docker-sock-permission-denied": "the CLI reports EACCES in words, no code",
    "hyper-v-features-broken": "Docker Desktop reports missing features in words, no code",
    "iptables-nftables-backend": "iptables' exit status 4 is not an error code",
    "linux-desktop-vs-engine-context": "the wrong context produces no error, or a missing-socket message",
    "linux-desktop-apparmor-userns": "EACCES/EPERM in words (Rust's 'code: 1' is errno EPERM, not the problem's)",
    "linux-desktop-qemu-terminated": "only QEMU's exit status 1 or SIGABRT, which any QEMU failure gives",
    "linux-dev-kvm-missing": "QEMU reports ENOENT in words, no code",
    "linux-kvm-permission-denied": "QEMU reports EACCES in words, no code",
    "linux-subuid-subgid-missing": "Docker Desktop and rootlesskit report the missing range in words",
    "macos-docker-app-damaged": "Gatekeeper's dialog carries no code",
    "macos-docker-daemon-not-running": "the CLI reports a missing socket, no code",
    "macos-malware-blocked-vmnetd": "XProtect's Malware Blocked dialog carries no code",
    "macos-privileged-helper-prompt-loop": "the password prompt comes back with no error at all",
    "macos-version-unsupported": "Launch Services names the versions in words, no code",
    "registry-dns-lookup-failure": "Go's resolver errors carry no code",
    "rpm-podman-runc-conflict": "dnf's dependency problem report carries no code",
    "rpm-repo-wrong-distro": "only HTTP 404 and yum's generic download errno 14/256, shared by any failed download",
    "registry-timeout-behind-proxy": "Go's HTTP client timeout carries no code",
    "stale-credsstore": "exec reports a missing helper in words, no code",
    "user-not-in-docker-users": "the Access Denied dialog carries no code",
    "windows-build-below-minimum": "the installer's prerequisite message carries no code",
    "wsl-docker-without-systemd": "systemctl's message carries no code",
    "wsl-version-too-old": "Docker Desktop's WSL version check carries no code",
}

# References must come from the vendor or distribution that owns the fact: Docker and Microsoft for
# Docker Desktop, WSL and Hyper-V; the distributions, the KVM project and the kernel for Linux; man
# pages for commands. Community Q&A, blogs and mirrors are where we search, never what we cite.
OFFICIAL_HOSTS = {
    "docs.docker.com",
    "learn.microsoft.com",
    "help.ubuntu.com",
    "documentation.ubuntu.com",
    "ubuntu.com",
    "manpages.ubuntu.com",
    "wiki.debian.org",
    "www.debian.org",
    "debian.org",
    "manpages.debian.org",
    "www.linux-kvm.org",
    "linux-kvm.org",
    "docs.kernel.org",
    "man7.org",
    "wiki.archlinux.org",
    "docs.fedoraproject.org",
    # the hypervisors' and clouds' own documentation, for running Docker Desktop in their VMs
    "pve.proxmox.com",
    "cloud.google.com",
    "docs.aws.amazon.com",
}
# On github.com only the vendors' own organisations count (microsoft/WSL releases, docker/... repos).
OFFICIAL_GITHUB_OWNERS = {"microsoft", "docker"}

SEED_STARTUP_ENTRY = "docker-desktop-startup-error-unexplained"

HAN = re.compile(r"[\u3400-\u9fff]")
QUOTED_OR_CODE = re.compile(r"`[^`]*`|\"[^\"]*\"|\u201c[^\u201d]*\u201d")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
REFERENCES_HEADING = re.compile(r"^##\s+(References|参考资料)\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def project():
    return load_project(load_config(REPO))


@pytest.fixture(scope="module")
def entries(project):
    return {entry.id: entry for entry in project.entries}


def _localized_fields(entry):
    """(name, {zh, en}) for every localized field of an entry, including those inside steps."""
    fields = [("title", entry.title), ("symptoms", entry.symptoms), ("cause", entry.cause),
              ("distinguish", entry.distinguish), ("notes", entry.notes),
              ("verify.text", entry.verify.text), ("verify.expect", entry.verify.expect)]
    for number, step in enumerate(entry.steps, 1):
        fields.append((f"steps[{number}].text", step.text))
        for tab, option in enumerate(step.options, 1):
            fields.append((f"steps[{number}].options[{tab}].label", option.label))
            fields.append((f"steps[{number}].options[{tab}].text", option.text))
    return [(name, value) for name, value in fields if value is not None]


def _commands(entry):
    for step in entry.steps:
        if step.command is not None:
            yield step.command
        yield from (option.command for option in step.options if option.command is not None)


def _is_official(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme != "https":
        return False
    if parsed.hostname == "github.com":
        return parsed.path.strip("/").split("/")[0].lower() in OFFICIAL_GITHUB_OWNERS
    return parsed.hostname in OFFICIAL_HOSTS


def test_the_project_loads_without_schema_errors(project):
    assert project.entry_files, "no entry files found under content/entries"
    assert len(project.entries) == len(project.entry_files), "some entries failed the schema; run kb check"


@pytest.mark.parametrize("topic, ids, platform, code", TOPICS, ids=[topic for topic, *_ in TOPICS])
def test_every_topic_of_issue_3_has_an_entry_on_its_platform(entries, topic, ids, platform, code):
    missing = [entry_id for entry_id in ids if entry_id not in entries]
    assert not missing, f"{topic}: no entry {missing}"
    if platform is not None:
        wrong = [entry_id for entry_id in ids if platform not in entries[entry_id].platforms]
        assert not wrong, f"{topic}: {wrong} do not list platform {platform!r}"


@pytest.mark.parametrize("topic, ids, code", [(t, i, c) for t, i, _, c in TOPICS if c],
                         ids=[t for t, *_, c in TOPICS if c])
def test_topics_named_after_an_error_code_are_covered_by_entries_that_list_that_code(entries, topic, ids, code):
    without = [entry_id for entry_id in ids if code.casefold() not in
               {listed.casefold() for listed in entries[entry_id].error_codes}]
    assert not without, f"{topic}: {without} do not list {code}"


@pytest.mark.parametrize("name", GUIDES)
def test_every_guide_of_issue_3_exists_in_chinese_and_english(project, name):
    assert name in project.guides, f"guide {name!r} is missing"
    assert set(project.guides[name]) >= {"zh", "en"}, f"guide {name!r} lacks a language"
    for lang, guide in project.guides[name].items():
        assert guide.text.strip(), f"guide {name!r} ({lang}) is empty"


_HEADING_ID = re.compile(r"^#{2,6} .*\{#([a-z0-9][a-z0-9_-]*)\}$", re.M)
_HEADING = re.compile(r"^#{2,6} ", re.M)


@pytest.mark.parametrize("name", GUIDES)
def test_a_guides_headings_have_the_same_readable_ids_in_every_language(project, name):
    """A link to a section works in every edition: no `#_4` from a Chinese heading's text."""
    ids = {}
    for lang, guide in project.guides[name].items():
        text = re.sub(r"^```.*?^```", "", guide.text, flags=re.M | re.S)  # not the comments of code blocks
        ids[lang] = _HEADING_ID.findall(text)
        assert len(ids[lang]) == len(_HEADING.findall(text)), f"{name} ({lang}): a heading without {{#id}}"
    assert ids["zh"] == ids["en"]


def test_every_localized_field_of_every_entry_has_chinese_and_english_text(project):
    problems = []
    for entry in project.entries:
        for name, value in _localized_fields(entry):
            zh, en = value.get("zh", "").strip(), value.get("en", "").strip()
            if not zh or not en:
                problems.append(f"{entry.id}: {name} lacks zh or en")
                continue
            is_label = name.endswith(".label")
            if not is_label and not HAN.search(zh):
                problems.append(f"{entry.id}: {name} zh has no Chinese text")
            if HAN.search(QUOTED_OR_CODE.sub("", en)):
                problems.append(f"{entry.id}: {name} en has Chinese outside quotes or code")
    assert not problems, "\n".join(problems)


def test_every_entry_lists_an_error_code_or_is_known_to_have_none(project):
    problems = []
    for entry in project.entries:
        if not entry.error_codes and entry.id not in NO_ERROR_CODE:
            problems.append(f"{entry.id}: no error_codes and no stated reason in NO_ERROR_CODE")
        if entry.error_codes and entry.id in NO_ERROR_CODE:
            problems.append(f"{entry.id}: lists error codes but NO_ERROR_CODE says it has none")
    assert not problems, "\n".join(problems)


def test_every_entry_with_no_error_code_named_in_this_test_exists(entries):
    assert not sorted(set(NO_ERROR_CODE) - set(entries))


def test_every_entry_has_signatures_and_verbatim_messages(project):
    problems = [entry.id for entry in project.entries
                if not entry.signatures or not entry.messages
                or any(len(signature) < 4 for signature in entry.signatures)]
    assert not problems, f"entries without usable signatures or messages: {problems}"


def test_every_entry_has_at_least_one_step_with_a_command(project):
    without = [entry.id for entry in project.entries if not any(True for _ in _commands(entry))]
    assert not without, f"entries whose steps have no command: {without}"


def test_every_entry_has_a_verify_step_with_a_command_and_the_expected_result(project):
    problems = [entry.id for entry in project.entries
                if entry.verify.command is None or entry.verify.expect is None]
    assert not problems, f"entries whose verify lacks a command or an expect: {problems}"


def test_every_entry_reference_points_to_an_official_source(project):
    unofficial = [f"{entry.id}: {reference.url}" for entry in project.entries
                  for reference in entry.references if not _is_official(reference.url)]
    assert not unofficial, "\n".join(unofficial)


def test_every_link_in_a_guides_references_section_points_to_an_official_source(project):
    unofficial = []
    for name, by_lang in project.guides.items():
        for lang, guide in by_lang.items():
            heading = REFERENCES_HEADING.search(guide.text)
            if heading is None:
                continue
            section = guide.text[heading.end():].split("\n## ", 1)[0]
            unofficial += [f"{name} ({lang}): {url}" for url in LINK.findall(section) if not _is_official(url)]
    assert not unofficial, "\n".join(unofficial)


def test_the_seed_articles_start_up_error_entry_is_still_a_draft(entries):
    # The seed only left a lost screenshot; nobody knows that error's text, so the entry cannot be validated.
    assert entries[SEED_STARTUP_ENTRY].status == "draft"


@pytest.mark.parametrize("entry_id, zh_terms, en_terms", [
    ("windows-home-hyper-v-backend", ["家庭版", "WSL 2"], ["Home", "WSL 2"]),
    ("wsl-virtual-machine-platform-disabled", ["家庭版", "WSL 2"], ["Home", "WSL 2"]),
    ("docker-desktop-startup-error-unexplained", ["等"], ["wait"]),
    ("hyper-v-vmware-virtualbox-coexistence", ["内存完整性"], ["Memory integrity"]),
])
def test_the_seed_articles_corrections_are_noted_in_the_entries_they_belong_to(entries, entry_id, zh_terms,
                                                                                en_terms):
    notes = entries[entry_id].notes
    assert notes is not None, f"{entry_id} has no notes"
    assert all(term in notes["zh"] for term in zh_terms), f"{entry_id}: zh notes miss {zh_terms}"
    assert all(term in notes["en"] for term in en_terms), f"{entry_id}: en notes miss {en_terms}"


def test_every_entry_whose_symptoms_quote_a_shared_code_lists_it_and_relates_to_the_other_claimants(project):
    claimants = {entry.id for entry in project.entries if "HCS_E_HYPERV_NOT_INSTALLED" in entry.error_codes}
    problems = []
    for entry in project.entries:
        quotes = "HCS_E_HYPERV_NOT_INSTALLED" in entry.symptoms["en"] + entry.symptoms["zh"]
        if quotes and entry.id not in claimants:
            problems.append(f"{entry.id}: symptoms quote HCS_E_HYPERV_NOT_INSTALLED but error_codes do not")
        if entry.id in claimants:
            missing = sorted(claimants - {entry.id} - set(entry.related))
            if missing or entry.distinguish is None:
                problems.append(f"{entry.id}: needs distinguish and related {missing}")
    assert len(claimants) >= 2 and not problems, "\n".join(problems)


def test_every_image_referenced_by_the_content_exists(project):
    images = REPO / project.config.images_dir
    texts = [(f"guide {guide.name} ({lang})", guide.text)
             for by_lang in project.guides.values() for lang, guide in by_lang.items()]
    texts += [(f"entry {entry.id}", value[lang]) for entry in project.entries
              for _, value in _localized_fields(entry) for lang in ("zh", "en")]
    missing = []
    for where, text in texts:
        for target in IMAGE.findall(text):
            if re.match(r"https?://", target):
                missing.append(f"{where}: remote image {target} (draw our own SVG under images/)")
                continue
            relative = re.sub(r"^(\.\./)*", "", target)
            relative = relative.removeprefix(project.config.images_dir + "/")
            if not (images / relative).is_file():
                missing.append(f"{where}: {target}")
    assert not missing, "\n".join(missing)
