"""Trains the intent classifier on tests/data/corpus/train.jsonl and ships it as crm_core/nlp/model/intent.npz.

    python bench/train_intent.py [--train FILE] [--out FILE] [--c 30] [--min-df 2]

Only the train split is read (the test split and ../shared/eval are never trained or tuned on). Features are
crm_core.nlp.classifier's (customers of tests/data/corpus/customers.csv masked); the model is scikit-learn's
multinomial logistic regression over binary, L2-normalised n-grams, exported as float32 and checked: the numpy
scorer must give sklearn's decision_function on the training texts.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from crm_core.nlp.classifier import MODEL_PATH, IntentModel, features, text_words
from crm_core.resolve import CustomerIndex, CustomerResolver

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
NOW = datetime(2026, 11, 25, 10, 0)  # the corpus's reference time
C = 30.0  # 5-fold grouped CV on train: 3 -> 0.858, 10 -> 0.882, 30 -> 0.888, 100 -> 0.891
MIN_DF = 2


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_resolver(customers_csv: Path = CORPUS / "customers.csv") -> CustomerResolver:
    with customers_csv.open(encoding="utf-8") as fh:
        names = [(row["name"], row.get("city") or None) for row in csv.DictReader(fh)]
    return CustomerResolver(CustomerIndex.from_names(names))


def masked_words(texts: list[str], resolver: CustomerResolver) -> list[list[str]]:
    return [text_words(text, resolver, NOW.date(), NOW) for text in texts]


def pipeline(c: float = C, min_df: int = MIN_DF) -> Pipeline:
    vectorizer = TfidfVectorizer(analyzer=features, binary=True, use_idf=False, norm="l2", min_df=min_df,
                                 dtype=np.float64)
    return Pipeline([("features", vectorizer), ("model", LogisticRegression(C=c, max_iter=3000))])


def fit(words: list[list[str]], intents: list[str], c: float = C, min_df: int = MIN_DF) -> Pipeline:
    return pipeline(c, min_df).fit(words, intents)


def export(fitted: Pipeline) -> IntentModel:
    vectorizer, model = fitted.named_steps["features"], fitted.named_steps["model"]
    index = {feature: int(k) for feature, k in vectorizer.vocabulary_.items()}
    weights = np.ascontiguousarray(model.coef_.T, dtype=np.float32)
    return IntentModel(tuple(str(k) for k in model.classes_), index, weights, model.intercept_.astype(np.float32))


def max_score_gap(fitted: Pipeline, model: IntentModel, words: list[list[str]]) -> float:
    """The largest difference between sklearn's decision_function and the numpy scorer."""
    expected = fitted.decision_function(words)
    got = np.array([model.scores(features(w)) for w in words])
    return float(np.abs(expected - got).max())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=Path, default=CORPUS / "train.jsonl")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--min-df", type=int, default=MIN_DF)
    args = ap.parse_args()
    rows = read_jsonl(args.train)
    words = masked_words([row["text"] for row in rows], corpus_resolver())
    fitted = fit(words, [row["intent"] for row in rows], args.c, args.min_df)
    model = export(fitted)
    model.save(args.out)
    gap = max_score_gap(fitted, model, words)
    print(f"trained on {len(rows)} utterances of {args.train.name}: {len(model.classes)} intents, "
          f"{len(model.index)} features, {args.out.stat().st_size / 1e6:.2f} MB at {args.out}; "
          f"numpy vs sklearn max score gap {gap:.1e}")
    return 0 if gap < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
