"""The Python peer of `npm run bench:analysis`: what an analyst would run per post --
jieba segmentation (Debian's python3-jieba) and a scikit-learn logistic regression on TF-IDF
character 1-3-grams for sentiment -- timed on the same posts, on one core, per wall second and
per CPU second of this process (time.process_time; OMP and BLAS are held to one thread).

usage: python3 bench/peer_pipeline.py TRAIN.jsonl POSTS.jsonl
TRAIN lines are {"text", "label"}; POSTS lines are {"text"}. Prints one JSON object.
"""
import json
import logging
import os
import resource
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import jieba  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

jieba.setLogLevel(logging.WARNING)


def peak_rss_mb():
    """Peak resident memory of this process. On Linux VmHWM: ru_maxrss keeps the high-water mark
    of the process that spawned this one (a fork of the benchmark's Node process, hundreds of MB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    train = read(sys.argv[1])
    posts = [p["text"] for p in read(sys.argv[2])]
    t0 = time.perf_counter()
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    x = vec.fit_transform([r["text"] for r in train])
    clf = LogisticRegression(max_iter=1000)
    clf.fit(x, [r["label"] for r in train])
    train_s = time.perf_counter() - t0
    jieba.lcut("预热词典加载")  # load the dictionary before timing

    # Per post, as a streaming pipeline runs: segment, vectorise, predict.
    n_stream = min(len(posts), 5000)
    t1, c1 = time.perf_counter(), time.process_time()
    for text in posts[:n_stream]:
        jieba.lcut(text)
        clf.predict(vec.transform([text]))
    stream_s, stream_cpu = time.perf_counter() - t1, time.process_time() - c1

    # Batched, the peer's best case: segment all, then vectorise and predict in one call.
    t2, c2 = time.perf_counter(), time.process_time()
    for text in posts:
        jieba.lcut(text)
    clf.predict(vec.transform(posts))
    batch_s, batch_cpu = time.perf_counter() - t2, time.process_time() - c2

    print(
        json.dumps(
            {
                "train_seconds": train_s,
                "posts": len(posts),
                "stream_posts": n_stream,
                "stream_posts_per_s": n_stream / stream_s,
                "stream_posts_per_cpu_s": n_stream / stream_cpu,
                "batch_posts_per_s": len(posts) / batch_s,
                "batch_posts_per_cpu_s": len(posts) / batch_cpu,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


if __name__ == "__main__":
    main()
