"""`thread-reader config --path | --check | --default`, and --theme / --config when opening."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.config import CONFIG_ENV
from reader.ui.app import ReaderApp
from tests.conftest import FIXTURES

BASIC = FIXTURES / "thread_basic.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_path_names_the_file_it_reads(
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "config", "--path") == (0, [str(private_home / "config.toml")], "")
    given = tmp_path / "elsewhere.toml"
    assert run(capsys, "config", "--path", "--config", str(given))[1] == [str(given)]
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env.toml"))
    assert run(capsys, "config", "--path")[1] == [str(tmp_path / "env.toml")]


def test_check_without_a_file_says_defaults_are_used(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "config", "--check")
    assert code == 0
    assert out == [f"{private_home / 'config.toml'} does not exist: the defaults are in use"]


def test_check_lists_each_problem_with_its_line_and_exits_2(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(
        private_home / "config.toml",
        '# mine\ntheme = "reader-nope"\nmous = false\n\n[tree]\nwidth = "wide"\n'
        'fold_depth = 2\n\n[keys]\ntree.next = "x"\ntree.nxt = "w"\n',
    )
    write(private_home / "themes" / "broken.toml", 'primary = "#12345"\n')
    code, out, err = run(capsys, "config", "--check")
    assert code == 2
    assert err == ""
    assert [re.sub(r":\s.*", "", line.removeprefix(f"{config}")) for line in out] == [
        ":2",
        ":3",
        ":6",
        ":11",
        str(private_home / "themes" / "broken.toml"),
    ]
    assert out[0].startswith(
        f"{config}:2: theme: no theme named 'reader-nope' (themes: reader-dark"
    )
    assert out[1] == f"{config}:3: mous: unknown setting (did you mean 'mouse'?); it is ignored"
    assert out[2].startswith(f"{config}:6: tree.width: accepts columns from 10 to 500")
    assert out[3] == (
        f"{config}:11: keys.tree.nxt: unknown action (did you mean 'tree.next'?); it is ignored"
    )
    assert out[4].endswith(
        "broken.toml: primary: not a colour: failed to parse '#12345' as a color; theme not loaded"
    )


def test_check_of_a_good_file_and_of_a_missing_explicit_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "good.toml", 'theme = "reader-sepia"\n[keys]\ntree.next = "x"\n')
    assert run(capsys, "config", "--check", "--config", str(good)) == (
        0,
        [f"{good} is valid"],
        "",
    )
    missing = tmp_path / "missing.toml"
    code, out, _ = run(capsys, "config", "--check", "--config", str(missing))
    assert (code, out) == (2, [f"{missing}: no such file; using the defaults"])


def test_default_file_is_valid_once_uncommented_and_lists_every_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "config", "--default")
    assert code == 0
    text = "\n".join(out)
    assert '# tree.next = "j"' in text and '# app.next_theme = "t"' in text
    assert '# help.close = "escape,q,question_mark"' in text
    uncommented = "\n".join(re.sub(r"^# ([\w.]+ = .*?)(\s+# .*)?$", r"\1", line) for line in out)
    path = write(tmp_path / "uncommented.toml", uncommented)
    assert run(capsys, "config", "--check", "--config", str(path))[:2] == (0, [f"{path} is valid"])


def test_config_needs_one_of_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["config"])
    assert exit.value.code == 2
    assert "one of the arguments --path --check --default is required" in capsys.readouterr().err


def test_unknown_theme_option_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--theme", "nope", str(BASIC))
    assert out == []
    assert code == 2
    assert err.startswith("thread-reader: --theme: no theme named 'nope' (themes: reader-dark, ")
    assert err.count("\n") == 1


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Open without a terminal: record the app and how it would have run."""
    seen: dict[str, Any] = {}

    def fake_run(self: ReaderApp, **options: Any) -> None:
        seen["app"], seen["options"] = self, options

    monkeypatch.setattr(ReaderApp, "run", fake_run)
    return seen


def test_open_uses_the_config_file_and_the_theme_option(
    tmp_path: Path, launched: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(
        tmp_path / "c.toml",
        'theme = "reader-sepia"\nmouse = false\n[tree]\nfold_depth = 2\nwidht = 3\n'
        '[keys]\ntree.next = "x"\n',
    )
    assert main(["--config", str(config), "--theme", "reader-light", str(BASIC)]) == 0
    app: ReaderApp = launched["app"]
    assert launched["options"] == {"mouse": False}
    assert app.theme == "reader-light"
    assert app.config.fold_depth == 2
    assert app.keymap == {"tree.next": "x"}
    assert app.warnings == [
        f"{config}:5: tree.widht: unknown setting (did you mean 'tree.width'?); it is ignored"
    ]


def test_open_with_a_missing_config_file_still_opens(
    tmp_path: Path, launched: dict[str, Any]
) -> None:
    missing = tmp_path / "nope.toml"
    assert main(["--config", str(missing), str(BASIC)]) == 0
    app: ReaderApp = launched["app"]
    assert app.theme == "reader-dark"
    assert app.warnings == [f"{missing}: no such file; using the defaults"]
    assert launched["options"] == {"mouse": True}


def test_check_tells_keys_taken_from_other_actions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path / "c.toml", '[keys]\ntree.next = "k"\n"app.help" = "?"\n')
    code, out, _ = run(capsys, "config", "--check", "--config", str(config))
    assert code == 2
    assert out == [f"{config}:2: keys.tree.next: 'k' now does 'Next', no longer 'Prev'"]
    swapped = write(tmp_path / "s.toml", '[keys]\ntree.next = "k"\ntree.previous = "j"\n')
    assert run(capsys, "config", "--check", "--config", str(swapped))[0] == 0
