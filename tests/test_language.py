"""The language: chosen once (--lang, RNN_TUTOR_LANG, the locale), reaching every command and --help."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.base import language
from tutor.interface.cli import _hoist_lang, app

from .conftest import installed_command

ROOT = Path(__file__).resolve().parent.parent

CHOICES = [
    ("nothing set", None, {}, "en"),
    ("LANG zh_CN", None, {"LANG": "zh_CN.UTF-8"}, "zh"),
    ("LANG zh_TW", None, {"LANG": "zh_TW.UTF-8"}, "zh"),
    ("LANG zh-Hans", None, {"LANG": "zh-Hans"}, "zh"),
    ("LANG en_US", None, {"LANG": "en_US.UTF-8"}, "en"),
    ("LANG fr falls back", None, {"LANG": "fr_FR.UTF-8"}, "en"),
    ("LANG C", None, {"LANG": "C.UTF-8"}, "en"),
    ("LC_ALL over LANG", None, {"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
    ("LC_MESSAGES over LANG", None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
    ("LC_ALL over LC_MESSAGES", None, {"LC_MESSAGES": "en_US", "LC_ALL": "zh_CN.GB18030"}, "zh"),
    ("variable over locale", None, {"RNN_TUTOR_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
    ("variable en over zh locale", None, {"RNN_TUTOR_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
    ("variable as a locale name", None, {"RNN_TUTOR_LANG": "zh_CN.UTF-8"}, "zh"),
    ("option over variable", "en", {"RNN_TUTOR_LANG": "zh"}, "en"),
    ("option zh", "zh", {"LANG": "en_US"}, "zh"),
    ("option 中文", "中文", {}, "zh"),
]


@pytest.mark.parametrize("option,env,expected", [c[1:] for c in CHOICES], ids=[c[0] for c in CHOICES])
def test_choice(option, env, expected):
    assert language.choose(option, env) == expected
    assert language.current() == expected


BAD = [("option", "fr", {}), ("variable", None, {"RNN_TUTOR_LANG": "klingon"})]


@pytest.mark.parametrize("option,env", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_an_unknown_explicit_language_is_an_error(option, env):
    with pytest.raises(language.LanguageError):
        language.choose(option, env)


HOIST = [
    ("front", ["--lang", "zh", "list"], ["--lang", "zh", "list"], "zh"),
    ("after the command", ["explain", "lstm", "--lang", "zh"], ["--lang", "zh", "explain", "lstm"], "zh"),
    ("equals form", ["check", "--lang=en", "p", "a"], ["--lang", "en", "check", "p", "a"], "en"),
    ("none", ["list"], ["list"], None),
    ("after --", ["check", "p", "--", "--lang", "zh"], ["check", "p", "--", "--lang", "zh"], None),
]


@pytest.mark.parametrize("args,moved,lang", [h[1:] for h in HOIST], ids=[h[0] for h in HOIST])
def test_lang_is_accepted_anywhere_on_the_command_line(args, moved, lang):
    assert _hoist_lang(args) == (moved, lang)


def run(*args, **env):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", **env})


CLI = [
    ("option", ["--lang", "zh", "list"], {}, "长短期记忆网络"),
    ("variable", ["list"], {"RNN_TUTOR_LANG": "zh"}, "长短期记忆网络"),
    ("locale", ["list"], {"RNN_TUTOR_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}, "长短期记忆网络"),
    ("option over variable", ["--lang", "en", "list"], {"RNN_TUTOR_LANG": "zh"}, "Write the forget gate"),
]


@pytest.mark.parametrize("args,env,expected", [c[1:] for c in CLI], ids=[c[0] for c in CLI])
def test_every_way_of_choosing_reaches_the_commands(args, env, expected):
    result = run(*args, **env)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_a_bad_choice_exits_2_with_one_line():
    result = run("--lang", "fr", "list")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "zh" in result.output


def test_installed_command_takes_lang_after_the_command_and_translates_help():
    import subprocess

    out = subprocess.run(installed_command() + ["explain", "rnn", "--lang", "zh"], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "RNN_TUTOR_LANG": "en"}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "普通循环神经网络" in out.stdout
    out = subprocess.run(installed_command() + ["drill", "--help"], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8"}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "练习" in out.stdout and "Practise" not in out.stdout


def test_the_wheel_carries_the_catalogue_and_the_overlays():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "tutor" in wheel["packages"]  # tutor/locale/… is inside the package
    assert wheel["force-include"]["problems"] == "tutor/problems"  # problems/zh/… goes with problems/
    assert (ROOT / "tutor" / "locale" / "zh" / "LC_MESSAGES" / "rnn-tutor.mo").is_file()
    assert language.LOCALE_DIR == ROOT / "tutor" / "locale"


def test_chinese_drill_in_a_terminal(tmp_path):
    """The installed program in a pseudo-terminal, its language from the locale: a wrong answer, a hint, the fix."""
    import os

    pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install '.[test]'")
    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1", COLUMNS="80", TERM="dumb",
               RNN_TUTOR_LANG="", LC_ALL="", LC_MESSAGES="", LANG="zh_CN.UTF-8")
    cmd = installed_command()
    child = pexpect.spawn(cmd[0], cmd[1:] + ["drill", "lstm", "--in-order"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 80))
    child.expect("共 6 题")
    child.expect(r"\[1/6\] lstm.forget  写出 LSTM 的遗忘门")
    child.expect("> ")
    child.sendline("f_t = σ(W_f [h_{t-1}, x_t] + W_cf c_{t-1} + b_f)")
    child.expect("错误")
    child.expect("窥孔")
    child.expect("> ")
    child.sendline("?")
    child.expect("提示 1/3：")
    child.expect("> ")
    child.sendline("f_t = σ(W_f [h_{t-1}, x_t] + b_f)")
    child.expect("正确")
    child.expect(r"\[2/7\]")  # the missed item comes back later: one more
    child.expect("> ")
    child.sendline(":quit")
    child.expect("练习小结")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
