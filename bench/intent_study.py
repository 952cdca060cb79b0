"""Rules alone, the model alone and the two voting, by 5-fold cross-validation on the train split only.

    python bench/intent_study.py [--train FILE] [--folds 5] [--grid] [--show N]

Folds keep utterances with the same masked words together; each fold's model is trained on the other folds (bench/train_intent.py's features and model); every held-out
utterance is parsed in-process by `crm_core.nlp_commands.parse` (corpus customers, corpus reference time) with the
voter in each mode and graded by crm_core.nlp.grading. "non-write -> write" counts utterances labelled as a read
or unknown that came out as a write (what the trust rule forbids). `--grid` adds the vote's thresholds to compare;
`--show N` prints N held-out utterances the rules got wrong and the vote got right (and the reverse).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from sklearn.model_selection import StratifiedGroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_intent import CORPUS, NOW, corpus_resolver, export, fit, masked_words, read_jsonl  # noqa: E402

from crm_core.nlp import classifier  # noqa: E402
from crm_core.nlp.grading import grade  # noqa: E402
from crm_core.nlp.grammar import WRITES  # noqa: E402
from crm_core.nlp_commands import parse  # noqa: E402

SEED = 20261204


@dataclass(frozen=True)
class Variant:
    name: str
    voter: classifier.Voter


def variants(grid: bool) -> list[Variant]:
    base = classifier.Voter(mode="vote")
    chosen = [Variant("rules alone", replace(base, mode="rules")), Variant("model alone", replace(base, mode="model")),
              Variant(_name(base), base)]
    if not grid:
        return chosen
    more = [(0.4, 0.5, 0.9), (0.6, 0.6, 0.9), (0.5, 0.5, 0.75), (0.5, 0.5, 0.6), (0.5, 0.5, 1.01),
            (0.5, 0.7, 0.9)]
    return chosen + [Variant(_name(v), v) for v in (
        replace(base, from_unknown_read=r, from_unknown_write=w, from_unknown_cued=q) for r, w, q in more)]


def _name(v: classifier.Voter) -> str:
    return (f"vote (unknown->read {v.from_unknown_read}, ->write {v.from_unknown_write}, ->cued "
            f"{v.from_unknown_cued}, to read {v.to_read}, overrule {v.overrule})")


def cross_validate(rows: list[dict], tried: list[Variant], folds: int) -> dict[str, list[dict]]:
    resolver = corpus_resolver()
    words = masked_words([row["text"] for row in rows], resolver)
    intents = [row["intent"] for row in rows]
    predictions: dict[str, list[dict]] = {v.name: [{}] * len(rows) for v in tried}
    templates = [" ".join(w) for w in words]  # the same words around another name stay in one fold
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=SEED)
    for train_ids, held_ids in splitter.split(words, intents, groups=templates):
        model = export(fit([words[k] for k in train_ids], [intents[k] for k in train_ids]))
        for variant in tried:
            classifier.VOTER = replace(variant.voter, model=model)
            for k in held_ids:
                predictions[variant.name][k] = parse(rows[k]["text"], NOW, resolver).to_json()
    return predictions


def unasked_writes(rows: list[dict], predicted: list[dict]) -> int:
    return sum(row["intent"] not in WRITES and p.get("intent") in WRITES for row, p in zip(rows, predicted))


def show(rows: list[dict], before: list[dict], after: list[dict], count: int) -> None:
    fixed = [(r, b, a) for r, b, a in zip(rows, before, after)
             if b.get("intent") != r["intent"] and a.get("intent") == r["intent"]]
    broken = [(r, b, a) for r, b, a in zip(rows, before, after)
              if b.get("intent") == r["intent"] and a.get("intent") != r["intent"]]
    for title, cases in (("fixed by the vote", fixed), ("broken by the vote", broken)):
        print(f"== {title}: {len(cases)}")
        for row, b, a in cases[:count]:
            print(f"- {row['text']!r}: label {row['intent']}, rules {b.get('intent')}, vote {a.get('intent')}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=Path, default=CORPUS / "train.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--failures", type=int, default=0, help="print N held-out utterances the vote gets wrong")
    args = ap.parse_args()
    rows = read_jsonl(args.train)
    tried = variants(args.grid)
    predictions = cross_validate(rows, tried, args.folds)
    print(f"{args.folds}-fold cross-validation on {args.train.name} (n={len(rows)})")
    print(f"| {'combination':<96} | intent | frame | non-write -> write |")
    print(f"|{'-' * 98}|--------|-------|--------------------|")
    for variant in tried:
        total = grade(rows, predictions[variant.name]).total
        print(f"| {variant.name:<96} | {total.intent_acc:.3f}  | {total.frame_acc:.3f} | "
              f"{unasked_writes(rows, predictions[variant.name]):>18} |")
    if args.show:
        show(rows, predictions[tried[0].name], predictions[tried[2].name], args.show)
    if args.failures:
        report = grade(rows, predictions[tried[2].name])
        for failure in report.failures[:args.failures]:
            print(f"- [{failure.intent}] {failure.text!r}: {'; '.join(failure.wrong)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
