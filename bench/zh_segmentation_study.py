"""Words (jieba) or characters for reading Chinese messages? Measured on the Chinese train split only.

    python bench/zh_segmentation_study.py

5-fold cross-validation grouped by written sentence (the fillings of one sentence never sit on both sides) of an
intent classifier (TF-IDF + logistic regression) on (a) jieba's words, (b) character 1-3-grams, (c) both; beside
them the rule parser's intent accuracy on the same folds' held-out parts (it learns nothing, so it is the same
figure), and what each costs at start-up (jieba builds its dictionary on first use). test.jsonl is never read.
"""
from __future__ import annotations

import csv
import json
import time
from datetime import datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline, make_union

ZH = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "zh"


def jieba_words():
    import jieba
    jieba.setLogLevel(60)
    return lambda text: [w for w in jieba.lcut(text.lower()) if w.strip()]


def cv(rows: list[dict], make) -> float:
    texts = np.array([r["text"] for r in rows], dtype=object)
    labels = np.array([r["intent"] for r in rows])
    groups = np.array([r["template"] for r in rows])
    right = 0
    for train, held in GroupKFold(n_splits=5).split(texts, labels, groups):
        model = make().fit(texts[train], labels[train])
        right += int((model.predict(texts[held]) == labels[held]).sum())
    return right / len(rows)


def main() -> None:
    rows = [json.loads(line) for line in (ZH / "train.jsonl").read_text(encoding="utf-8").splitlines() if line]
    started = time.perf_counter()
    words = jieba_words()
    words("记录一下和腾讯的电话")
    jieba_load = time.perf_counter() - started

    def by_words():
        return make_pipeline(TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False),
                             LogisticRegression(max_iter=2000, C=10))

    def by_chars():
        return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3)),
                             LogisticRegression(max_iter=2000, C=10))

    def by_both():
        return make_pipeline(make_union(TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False),
                                        TfidfVectorizer(analyzer="char", ngram_range=(1, 3))),
                             LogisticRegression(max_iter=2000, C=10))

    print(f"zh train n={len(rows)}, 5 folds grouped by sentence")
    for name, make in (("jieba words", by_words), ("char 1-3-grams", by_chars), ("words + chars", by_both)):
        print(f"  {name:<15} intent_acc={cv(rows, make):.3f}")
    print(f"  rules (crm_core/nlp/zh) intent_acc={rules_accuracy(rows):.3f} "
          "(written on this split: no held-out figure)")
    print(f"  jieba dictionary load on first use: {jieba_load:.2f} s")


def rules_accuracy(rows: list[dict]) -> float:
    from crm_core.nlp_commands import parse
    from crm_core.resolve import CustomerIndex, CustomerResolver
    names = []
    for path in (ZH.parent / "customers.csv", ZH / "customers_zh.csv"):
        with path.open(encoding="utf-8") as fh:
            names += [row["name"] for row in csv.DictReader(fh)]
    resolver = CustomerResolver(CustomerIndex.from_names(names))
    now = datetime(2026, 11, 25, 10)
    return sum(parse(r["text"], now, resolver).intent == r["intent"] for r in rows) / len(rows)


if __name__ == "__main__":
    main()
