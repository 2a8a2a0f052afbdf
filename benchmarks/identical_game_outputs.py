"""Do two revisions play the same game? Scripted games, old and new code in one process, every output compared.

Usage: python benchmarks/identical_game_outputs.py [--old 397fb9b] [--out benchmarks/identical_game_outputs_results.json]

A change to how the game reads the model (the seats, the typed events, the municipal journal) must not change what
a player sees. For each scripted game below this plays the old revision (``git archive``, imported as
``hiap_sim_old`` as in ``bench_country.py``) and the working tree, and compares md5 digests of

- the turn reports and the results of every decision, in English and in Dutch (what the session stores),
- the debrief's text (Markdown) and its figures (PNG bytes), each language,
- the decision log.

Exits 1 when any digest differs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_country import ROOT, old_package  # noqa: E402

SCRIPTS = ROOT / "tests" / "game" / "scripts"
OFFICER, ALDERMAN = "health_officer:G32-001", "alderman:G32-001"
# (name, scenario, roles, seed, language, [(role, script, until turn)]): both municipal roles, each alone, a national pair
GAMES = [
    ("municipal pair", "national_2025_municipalities", [OFFICER, ALDERMAN], 6, "en",
     [(OFFICER, "health_officer_g32.yaml", 2), (ALDERMAN, "alderman_g32.yaml", None)]),
    ("health officer", "national_2025_municipalities", [OFFICER], 3, "nl", [(OFFICER, "health_officer_g32.yaml", None)]),
    ("alderman", "national_2025_municipalities", [ALDERMAN], 4, "en", [(ALDERMAN, "alderman_g32.yaml", None)]),
    ("national pair", "national_2025", ["programme_director", "dg:SZW"], 3, "nl", [("programme_director", "small_wins.yaml", None)]),
]
TURNS = 4


def digest(value: object) -> str:
    return hashlib.md5(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def play(package: str, scenario_name: str, roles: list[str], seed: int, lang: str, scripts: list[tuple[str, str, int | None]], folder: Path) -> dict[str, str]:
    game = importlib.import_module(f"{package}.game")
    script_module = importlib.import_module(f"{package}.game.script")
    debrief = importlib.import_module(f"{package}.game.debrief")
    loader = importlib.import_module(f"{package}.scenario")
    session = game.GameSession(loader.load_scenario(scenario_name, {}), roles, seed=seed, turns=TURNS, lang=lang)
    for role, name, until in scripts:
        script = script_module.load_script(SCRIPTS / name)
        last = TURNS if until is None else until
        while not session.finished and session.turn <= last:
            for raw in script.decisions(session.turn):
                with contextlib.suppress(game.ActionError):  # a refused decision is skipped, as the terminal does
                    session.act(raw.get("role", role), {k: v for k, v in raw.items() if k != "role"})
            session.end_turn()
    out = {"decision log": digest(session.decision_log())}
    for reading_lang in ("en", "nl"):
        reader = session.reading(reading_lang)
        out[f"turn reports {reading_lang}"] = digest([r.to_dict() for r in reader.reports])
        out[f"decision results {reading_lang}"] = digest([r.to_dict() for r in reader.results])
        figures = folder / reading_lang
        figures.mkdir(parents=True)
        out[f"debrief {reading_lang}"] = digest(debrief.to_markdown(debrief.build(reader, figures)))
        out[f"debrief figures {reading_lang}"] = digest({f.name: hashlib.md5(f.read_bytes()).hexdigest() for f in sorted(figures.glob("*.png"))})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="397fb9b")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        old = old_package(args.old, Path(tmp))
        for name, scenario, roles, seed, lang, scripts in GAMES:
            before = play(old, scenario, roles, seed, lang, scripts, Path(tmp) / "old" / name)
            after = play("hiap_sim", scenario, roles, seed, lang, scripts, Path(tmp) / "new" / name)
            for output in before:
                same = before[output] == after[output]
                rows.append({"game": name, "output": output, "old": before[output], "new": after[output], "identical": same})
                print(f"{name:16} {output:26} {'identical' if same else 'DIFFERENT'}")
    if args.out is not None:
        args.out.write_text(json.dumps({"old": args.old, "rows": rows}, indent=1))
    return 0 if all(r["identical"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
