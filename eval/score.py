"""Score ``modeldeps scan --no-resolve`` against the hand labels of real repositories.

    python eval/score.py                      # the tuned split, a table per repository
    python eval/score.py --misses             # ...and every miss and false alarm, with its line
    python eval/score.py --split held-out     # the held-out split: scored, misses never shown
    python eval/score.py --split all --json eval/last-score.json
    python eval/score.py --round 2 --asset api-model           # second round, hosted API models
    python eval/score.py --round 2 --asset dataset --split held-out
    python eval/score.py --round 3 --asset model --split held-out   # third round: all held out

The labelled files are re-extracted from the bare git snapshots that the search
tool's ``fetch`` brings (``<mirror>/<owner>+<name>/repo``, at the commit the labels
name), written into a temporary directory and scanned there; nothing from those
repositories is kept. Labels are in ``eval/labels`` (see ``eval/LABELLING.md``) and
the split in ``eval/splits.tsv``, fixed before any scoring. The second round
(``--round 2``: ``eval/labels2``, ``eval/splits2.tsv``) labels three assets in the
same files (Hub models, hosted API models, datasets) in an extra ``asset`` column;
``--asset`` picks which one is scored, over every second-round repository of the
split, and only references modeldeps reports as that asset count. The third round
(``--round 3``: ``eval/labels3``, ``eval/splits3.tsv``) and the fourth (``--round 4``:
``eval/labels4``, ``eval/splits4.tsv``) have the same columns and were held out whole;
so was the fifth (``--round 5``). The sixth (``--round 6``) has a tuned split and a
held-out one, not yet scored; a repository still being labelled is skipped.
``--misses`` refuses a held-out split until it is spent (``SPENT_ROUNDS``): every
round's held-out split so far was scored once, at the end of its round.

Matching is at line level on (path, line, model id, case-insensitive; a
sentence-transformers short name matches the Hub id it expands to); file level
on (path, model id); repository level on the model id. Rows labelled ``ambiguous``
count neither way. Scopes ``code``, ``config``, ``test`` and ``docs`` (code in
documentation) make the headline figure; ``comment`` and ``prose`` are reported
apart. A false alarm takes its scope from the label row of that line and id when
there is one (a labelled near-miss), else from the scope modeldeps reported.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAIN_SCOPES = ("code", "config", "test", "docs")
SIDE_SCOPES = ("comment", "prose")

Key = tuple[str, int, str]  # path, line, lower-case model id
# Short names a library expands to a Hub id: the label keeps the name as written,
# modeldeps reports the id it resolves (sentence-transformers/all-MiniLM-L6-v2).
_EXPANDS = ("sentence-transformers/",)


def _canonical(model_id: str) -> str:
    low = model_id.strip().lower()
    for prefix in _EXPANDS:
        if low.startswith(prefix):
            return low[len(prefix) :]
    return low


def _api_variants(model_id: str) -> set[str]:
    """An API model id and each tail after a router or provider prefix (``openai/gpt-4o``,
    ``openai:gpt-4o``, ``bedrock/anthropic.claude-v2``): labels keep the provider's own name."""
    low = model_id.strip().lower()
    out = {low}
    for i, ch in enumerate(low):
        if ch in "/:" and i + 1 < len(low):
            out.add(low[i + 1 :])
    return out


@dataclass
class Repo:
    name: str
    commit: str
    split: str
    files: list[str]
    labels: dict[Key, tuple[str, str, str]]  # key -> (label, scope, id as written)


@dataclass
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)

    def figures(self, scopes: tuple[str, ...]) -> tuple[int, int, int, float, float]:
        tp = sum(self.tp[s] for s in scopes)
        fp = sum(self.fp[s] for s in scopes)
        fn = sum(self.fn[s] for s in scopes)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return tp, fp, fn, precision, recall


# round -> (split file, label directory)
ROUNDS = {
    1: ("splits.tsv", "labels"),
    2: ("splits2.tsv", "labels2"),
    3: ("splits3.tsv", "labels3"),
    4: ("splits4.tsv", "labels4"),
    5: ("splits5.tsv", "labels5"),
    6: ("splits6.tsv", "labels6"),
}
# Held-out splits already scored at the end of their round: their misses may now be read
# and tuned on (a fresh round is held out instead). The newest round's never are.
SPENT_ROUNDS = {1, 2, 3, 4, 5}  # 3, 4 and 5 were each scored once on 2026-12-02 (eval/scores)


def load_repos(split: str, round_: int = 1, asset: str = "model") -> list[Repo]:
    splits_file, labels_dir = ROUNDS[round_]
    splits: dict[str, str] = {}
    for line in (HERE / splits_file).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            repo, _kind, which = line.split("\t")[:3]
            splits[repo] = which
    repos = []
    for files_path in sorted((HERE / labels_dir).glob("*.files")):
        lines = files_path.read_text().splitlines()
        # (a "# replaces owner/name: why" line may come before the "# repo" one)
        header = next(ln for ln in lines if ln.startswith("# repo ")).split()
        name, commit = header[2], header[4]
        tsv = files_path.with_suffix(".tsv")
        if not tsv.exists():
            continue  # a repository whose labelling is under way
        which = splits.get(name)
        if which is None:
            replaced = [ln for ln in lines if ln.startswith("# replaces ")]
            original = replaced[0].split()[2].rstrip(":") if replaced else None
            which = splits.get(original) if original else None
        if which is None:
            raise SystemExit(f"{files_path.name}: {name} is not in eval/{splits_file}")
        if split not in ("all", which):
            continue
        files = [p for p in lines if p.strip() and not p.startswith("#")]
        labels: dict[Key, tuple[str, str, str]] = {}
        with tsv.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if (row.get("asset") or "model").strip() != asset:
                    continue
                key = (row["path"], int(row["line"]), _canonical(row["model_id"]))
                labels[key] = (row["label"].strip(), row["scope"].strip(), row["id"])
        repos.append(Repo(name, commit, which, files, labels))
    return repos


def git_dir(mirror: Path, name: str) -> Path:
    base = mirror / name.replace("/", "+")
    for candidate in (base / "repo", base):
        if (candidate / "HEAD").exists() or (candidate / "objects").is_dir():
            return candidate
    raise SystemExit(
        f"{name}: no snapshot under {base}; bring it with the search tool's fetch "
        f"(github:{name}) first"
    )


def materialise(repo: Repo, mirror: Path, into: Path) -> None:
    gd = git_dir(mirror, repo.name)
    for path in repo.files:
        data = subprocess.run(
            ["git", f"--git-dir={gd}", "show", f"{repo.commit}:{path}"],
            capture_output=True,
            check=True,
        ).stdout
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def predictions(root: Path, asset: str = "model") -> dict[Key, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "modeldeps", "scan", "--no-resolve", "--no-git", "-f", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"modeldeps failed in {root}: {proc.stderr}")
    out: dict[Key, str] = {}
    for ref in json.loads(proc.stdout)["references"]:
        if ref.get("asset", "model") != asset:
            continue
        key = (ref["path"], int(ref["line"]), _canonical(ref["model_id"]))
        out[key] = ref.get("scope", "?")
    return out


def align_api(repo: Repo, predicted: dict[Key, str]) -> dict[Key, str]:
    """Map each predicted API model to the labelled id on its line that one of its
    tails names, so ``openai/gpt-4o`` reported where ``gpt-4o`` is labelled matches."""
    by_line: dict[tuple[str, int], set[str]] = defaultdict(set)
    for path, line, mid in repo.labels:
        by_line[(path, line)].add(mid)
    out: dict[Key, str] = {}
    for (path, line, mid), scope in predicted.items():
        hits = _api_variants(mid) & by_line.get((path, line), set())
        out[(path, line, min(hits) if hits else mid)] = scope
    return out


def score(
    repo: Repo, predicted: dict[Key, str]
) -> tuple[Tally, list[tuple[str, Key, str]], dict[str, set[tuple[str, ...]]]]:
    tally = Tally()
    misses: list[tuple[str, Key, str]] = []
    files = set(repo.files)
    positives = {k: v for k, v in repo.labels.items() if v[0] == "model"}
    for key, (_label, scope, _written) in positives.items():
        if key in predicted:
            tally.tp[scope] += 1
        else:
            tally.fn[scope] += 1
            misses.append(("miss", key, scope))
    for key, got_scope in predicted.items():
        if key[0] not in files or key in positives:
            continue
        label = repo.labels.get(key)
        if label is not None and label[0] == "ambiguous":
            continue
        scope = label[1] if label is not None else got_scope
        tally.fp[scope] += 1
        misses.append(("false", key, scope))
    # file and repository level, over the headline scopes
    levels: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for name, keyset in (("want", positives), ("got", predicted)):
        for path, _line, mid in keyset:
            if path in files:
                levels[f"file-{name}"].add((path, mid))
                levels[f"repo-{name}"].add((mid,))
    ambiguous = {(p, m) for (p, _l, m), v in repo.labels.items() if v[0] == "ambiguous"}
    levels["file-got"] -= ambiguous - levels["file-want"]
    levels["repo-got"] -= {(m,) for _p, m in ambiguous} - levels["repo-want"]
    return tally, misses, levels


def _line_text(root: Path, path: str, line: int) -> str:
    try:
        lines = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
        return lines[line - 1].strip()[:160]
    except (OSError, IndexError):
        return ""


def _pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"P {p:.3f} R {r:.3f} (tp {tp} fp {fp} fn {fn})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", choices=["tuned", "held-out", "all"], default="tuned")
    ap.add_argument("--round", type=int, choices=sorted(ROUNDS), default=1, dest="round_")
    ap.add_argument("--asset", choices=["model", "api-model", "dataset"], default="model")
    ap.add_argument("--mirror", type=Path, default=Path(os.environ.get("MIRROR", "/work/.mirror")))
    ap.add_argument("--repo", help="only this repository (owner/name)")
    ap.add_argument(
        "--misses",
        action="store_true",
        help="list misses (not for the newest round's held-out split)",
    )
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args()
    if args.round_ == 1 and args.asset != "model":
        raise SystemExit("the first round labels Hub models only; use --round 2")
    repos = [
        r
        for r in load_repos(args.split, args.round_, args.asset)
        if not args.repo or r.name == args.repo
    ]
    if (
        args.misses
        and args.round_ not in SPENT_ROUNDS
        and any(r.split == "held-out" for r in repos)
    ):
        raise SystemExit("misses are never shown for this round's held-out repositories")
    total = Tally()
    level_totals: Counter[str] = Counter()
    per_repo: dict[str, dict[str, object]] = {}
    for repo in repos:
        with tempfile.TemporaryDirectory(prefix="modeldeps-eval-") as tmp:
            root = Path(tmp)
            materialise(repo, args.mirror, root)
            predicted = predictions(root, args.asset)
            if args.asset == "api-model":
                predicted = align_api(repo, predicted)
            tally, misses, levels = score(repo, predicted)
            total.add(tally)
            tp, fp, fn, p, r = tally.figures(MAIN_SCOPES)
            stp, sfp, sfn, sp, sr = tally.figures(SIDE_SCOPES)
            print(
                f"{repo.name:45} {repo.split:8} main P {p:.3f} R {r:.3f} "
                f"(tp {tp} fp {fp} fn {fn})   comment+prose P {sp:.3f} R {sr:.3f} "
                f"(tp {stp} fp {sfp} fn {sfn})"
            )
            for level in ("file", "repo"):
                want, got = levels[f"{level}-want"], levels[f"{level}-got"]
                level_totals[f"{level}-tp"] += len(want & got)
                level_totals[f"{level}-fp"] += len(got - want)
                level_totals[f"{level}-fn"] += len(want - got)
            per_repo[repo.name] = {
                "split": repo.split,
                "main": {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r},
                "side": {"tp": stp, "fp": sfp, "fn": sfn, "precision": sp, "recall": sr},
            }
            if args.misses:
                for what, (path, line, mid), scope in sorted(misses, key=lambda m: m[1]):
                    print(
                        f"    {what:5} {scope:7} {path}:{line} {mid}   | "
                        f"{_line_text(root, path, line)}"
                    )
    print()
    print(f"round {args.round_}, asset {args.asset}, split {args.split}: {len(repos)} repositories")
    for scope in (*MAIN_SCOPES, *SIDE_SCOPES):
        tp, fp, fn, _p, _r = total.figures((scope,))
        print(f"  {scope:8} {_pr(tp, fp, fn)}")
    tp, fp, fn, p, r = total.figures(MAIN_SCOPES)
    print(f"  LINE code+config+test+docs  {_pr(tp, fp, fn)}")
    tp2, fp2, fn2, _, _ = total.figures(SIDE_SCOPES)
    print(f"  LINE comment+prose          {_pr(tp2, fp2, fn2)}")
    for level in ("file", "repo"):
        t = level_totals
        print(
            f"  {level.upper():4} (all scopes)          "
            f"{_pr(t[f'{level}-tp'], t[f'{level}-fp'], t[f'{level}-fn'])}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "round": args.round_,
                    "asset": args.asset,
                    "split": args.split,
                    "repos": per_repo,
                    "precision": p,
                    "recall": r,
                },
                indent=1,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
