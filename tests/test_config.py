"""config.toml: where it is looked for, what it sets, and how each mistake is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.config import (
    CONFIG_ENV,
    Config,
    config_dir,
    config_path,
    key_lines,
    load_config,
    parse_config,
    parse_key_list,
    render_default_config,
)


def problems_of(text: str, actions: set[str] | None = None) -> list[str]:
    _, problems, _ = parse_config(text, actions)
    return [problem.describe("config.toml") for problem in problems]


def test_paths_follow_home_env_then_config_env_then_explicit(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config_dir() == private_home
    assert config_path() == private_home / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "from-env.toml"))
    assert config_path() == tmp_path / "from-env.toml"
    assert config_path(tmp_path / "given.toml") == tmp_path / "given.toml"


def test_missing_default_file_means_defaults_and_no_complaint() -> None:
    loaded = load_config()
    assert loaded.config == Config()
    assert loaded.problems == []
    assert not loaded.exists


def test_missing_explicit_file_is_reported_but_defaults_still_apply(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "nope.toml")
    assert loaded.config == Config()
    expected = f"{tmp_path / 'nope.toml'}: no such file; using the defaults"
    assert loaded.describe_problems() == [expected]


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        """
theme = "reader-sepia"
mouse = false
[tree]
width = 52
fold_depth = 3
show_pingbacks = false
show_deleted = false
[pane]
wrap_width = 72
[dates]
style = "absolute"
format = "%d %b %Y"
[keys]
next = "j, ctrl+n"
quit = ["q", "ctrl+q"]
""",
        encoding="utf-8",
    )
    loaded = load_config(path)
    assert loaded.problems == []
    assert loaded.config == Config(
        theme="reader-sepia",
        mouse=False,
        tree_width="52",
        fold_depth=3,
        show_pingbacks=False,
        show_deleted=False,
        wrap_width=72,
        date_style="absolute",
        date_format="%d %b %Y",
        keys={"next": "j,ctrl+n", "quit": "q,ctrl+q"},
    )


def test_tree_width_accepts_a_percentage() -> None:
    config, problems, _ = parse_config('[tree]\nwidth = " 35 %"\n')
    assert (config.tree_width, problems) == ("35%", [])


def test_bad_values_name_key_line_and_what_is_accepted_and_keep_the_good_ones() -> None:
    text = """theme = "reader-light"
mouse = "yes"

[tree]
width = "wide"
fold_depth = -1
show_deleted = 1

[pane]
wrap_width = 5

[dates]
style = "sometimes"
"""
    config, problems, _ = parse_config(text)
    assert config == Config(theme="reader-light")
    assert [(p.line, p.key) for p in problems] == [
        (2, "mouse"),
        (5, "tree.width"),
        (6, "tree.fold_depth"),
        (7, "tree.show_deleted"),
        (10, "pane.wrap_width"),
        (13, "dates.style"),
    ]
    described = problems_of(text)
    assert described[0] == (
        "config.toml:2: mouse: accepts true or false, got 'yes'; using the default"
    )
    assert "from 0 to 99" in described[2] and "got -1" in described[2]
    assert 'accepts "relative" or "absolute", got \'sometimes\'' in described[5]


def test_unknown_keys_and_sections_warn_with_a_suggestion() -> None:
    text = 'them = "x"\n[tree]\nwidht = 40\n[colours]\nred = 1\n'
    config, problems, _ = parse_config(text)
    assert config == Config()
    assert [problem.describe("c") for problem in problems] == [
        "c:1: them: unknown setting (did you mean 'theme'?); it is ignored",
        "c:3: tree.widht: unknown setting (did you mean 'tree.width'?); it is ignored",
        "c:4: colours: unknown section; it is ignored",
    ]


def test_broken_toml_gives_defaults_and_the_line() -> None:
    config, problems, _ = parse_config('theme = "reader-light"\n[tree\nwidth = 40\n')
    assert config == Config()
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].message.startswith("not valid TOML")


def test_file_that_is_not_utf8_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "a"\nmouse = "\xff"\n')
    loaded = load_config(path)
    assert loaded.config == Config()
    assert loaded.describe_problems() == [f"{path}:2: not UTF-8 text; using the defaults"]


def test_dotted_keys_and_quoted_keys_get_their_lines() -> None:
    text = '# c\ntree.width = "wide"\n[dates]\n"style" = 4\n'
    assert [(p.key, p.line) for p in parse_config(text)[1]] == [
        ("tree.width", 2),
        ("dates.style", 4),
    ]


def test_key_lines_skip_multiline_strings() -> None:
    text = 'a = """\nb = 1\n"""\nb = 2\n'
    assert key_lines(text) == {"a": 1, "b": 4}


def test_key_overrides_are_checked_against_known_actions() -> None:
    text = '[keys]\nnext = "j"\nnxet = "n"\nquit = 7\n'
    config, problems, _ = parse_config(text, actions={"next", "quit"})
    assert config.keys == {"next": "j"}
    assert [problem.describe("c") for problem in problems] == [
        "c:3: keys.nxet: unknown action (did you mean 'next'?); it is ignored",
        'c:4: keys.quit: accepts keys separated by commas, like "j,down" or "ctrl+n", got 7',
    ]


def test_one_key_for_two_actions_of_one_part_warns() -> None:
    text = '[keys]\ntree.next = "j"\ntree.previous = "k,j"\npane.down = "j"\n'
    assert problems_of(text) == [
        "config.toml:3: keys.tree.previous: 'j' is also given to 'tree.next'; one key, one action"
    ]


def test_dotted_action_names_in_either_toml_spelling() -> None:
    text = '[keys]\ntree.next = "n"\n"app.quit" = "x"\n[keys.pane]\ndown = "ctrl+j"\n'
    config, problems, _ = parse_config(text, actions={"tree.next", "app.quit", "pane.down"})
    assert problems == []
    assert config.keys == {"tree.next": "n", "app.quit": "x", "pane.down": "ctrl+j"}
    _, problems, _ = parse_config('[keys.tree]\nnxet = "n"\n', actions={"tree.next"})
    assert [problem.describe("c") for problem in problems] == [
        "c:2: keys.tree.nxet: unknown action (did you mean 'tree.next'?); it is ignored"
    ]


@pytest.mark.parametrize(
    ("value", "keys"),
    [
        ("j", ["j"]),
        ("J,shift+down", ["J", "shift+down"]),
        ("?", ["?"]),
        ("ctrl+alt+x", ["ctrl+alt+x"]),
    ],
)
def test_key_lists_accepted(value: str, keys: list[str]) -> None:
    assert parse_key_list(value) == keys


@pytest.mark.parametrize("value", ["", "j,", "Down Arrow", "ctrl+", "+", "a,,b"])
def test_key_lists_refused(value: str) -> None:
    with pytest.raises(ValueError, match="is not a key name"):
        parse_key_list(value)


def test_default_file_uncommented_is_valid_and_equals_the_defaults() -> None:
    text = render_default_config({"next": ("j,down", "Next comment"), "quit": ("q", "Quit")})
    assert text.startswith("# thread-reader configuration.")
    uncommented = "\n".join(
        re.sub(r"^# (\w+ = .*?)(\s+# .*)?$", r"\1", line) for line in text.splitlines()
    )
    config, problems, _ = parse_config(uncommented, actions={"next", "quit"})
    assert problems == []
    assert config == Config(theme="reader-dark", keys=config.keys)
    assert config.keys == {"next": "j,down", "quit": "q"}
    assert parse_config(text)[0] == Config()  # as shipped, every line is a comment
