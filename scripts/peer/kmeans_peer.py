#!/usr/bin/env python3
"""The scikit-learn reference for Yuqing's event clustering (see docs/EVENTS.md).

What a Python analyst would try first, and given an advantage our online clusterer does not
have: the true number of clusters. TfidfVectorizer(analyzer='char', ngram_range=(2, 2)) over
each file's texts, then MiniBatchKMeans(n_clusters=number of gold classes, n_init=3, random_state=0).

Usage: kmeans_peer.py FILE.ndjson [FILE.ndjson ...]
Input lines: {"id", "text", "gold", ...}. Output on stdout, one JSON line per file:
{"path", "n", "k", "seconds", "labels": [cluster of each line, in file order]}
"""
import json
import sys
import time

from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        texts = [r["text"] for r in rows]
        k = len({r["gold"] for r in rows})
        started = time.process_time()
        x = TfidfVectorizer(analyzer="char", ngram_range=(2, 2)).fit_transform(texts)
        labels = MiniBatchKMeans(n_clusters=k, n_init=3, random_state=0).fit_predict(x)
        seconds = time.process_time() - started
        out = {"path": path, "n": len(rows), "k": k, "seconds": seconds,
               "labels": [int(label) for label in labels]}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
