"""The learning simulation of issue 16 (`make simulate`; docs/learning.md).

Simulated learners who answer by a 3PL model (guessing 0.25) drive the app's own services
(quizzes.attempts: start, answer, submit; quizzes.mastery; weak-content practice) against
the real subject-2 bank. Settings are fixed by the issue, so that no target is met by
choosing them: 200 learners, seed 1; per content θ ~ N(0, 1), one or two contents lowered by
U(1, 1.5); per question a ~ U(1, 1.5), b ~ N(0, 1), c = 0.25, fixed by a hash of its key;
every answer teaches +0.1 logit on its content.

Run: `make simulate` (a throwaway database `test_<name>`), or `run(...)` inside a test.
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import dataclass, field

import numpy as np

C, GAIN = 0.25, 0.1


def item_params(key: str) -> tuple[float, float]:
    """a ~ U(1, 1.5), b ~ N(0, 1), fixed by a hash of the question key."""
    seed = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    r = np.random.default_rng(seed)
    return float(r.uniform(1, 1.5)), float(r.normal())


def p3(theta, a, b):
    return C + (1 - C) / (1 + np.exp(-a * (theta - b)))


@dataclass
class Learner:
    theta: dict[int, float]  # content id -> ability

    def true_pct(self, content: int, items: list[tuple[float, float]]) -> float:
        return float(np.mean([p3(self.theta[content], a, b) for a, b in items]))


@dataclass
class Tally:
    top1: list[bool] = field(default_factory=list)
    top2: list[bool] = field(default_factory=list)
    spearman: list[float] = field(default_factory=list)
    shown: list[float] = field(default_factory=list)
    truth: list[float] = field(default_factory=list)

    def ece(self, bins: int = 10) -> float:
        s, t = np.array(self.shown), np.array(self.truth)
        if not len(s):
            return float("nan")
        idx = np.minimum((s * bins).astype(int), bins - 1)
        return float(sum(abs(s[idx == k].mean() - t[idx == k].mean()) * (idx == k).sum()
                         for k in range(bins) if (idx == k).any()) / len(s))

    def row(self, name: str) -> str:
        return (f"| {name} | {np.mean(self.top1):.2f} | {np.mean(self.top2):.2f} | "
                f"{np.nanmean(self.spearman):.2f} | {self.ece():.3f} |")


def _items(attempt):
    """The attempt's items in order; a diagnostic grows as it is answered (each answer adds
    the next question), so it is read one position at a time."""
    if attempt.kind != "diagnostic":
        yield from attempt.items.select_related("version").order_by("position")
        return
    pos = 1
    while True:
        attempt.refresh_from_db(fields=["total"])
        if pos > attempt.total:
            return
        yield attempt.items.select_related("version").get(position=pos)
        pos += 1


def _spearman(x: list[float], y: list[float]) -> float:
    rx, ry = np.argsort(np.argsort(x)), np.argsort(np.argsort(y))
    if np.std(rx) == 0 or np.std(ry) == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def abilities(rng: np.random.Generator, contents: list[int]) -> dict[int, float]:
    """A learner of the population: per content θ ~ N(0, 1), one or two contents lowered
    by U(1, 1.5)."""
    theta = {c: float(rng.normal()) for c in contents}
    for c in rng.choice(contents, size=int(rng.integers(1, 3)), replace=False):
        theta[int(c)] -= float(rng.uniform(1, 1.5))
    return theta


CALIBRATION_LEARNERS, CALIBRATION_ANSWERS = 200, 200


def calibration_history(questions: list[tuple[int, str, int]], seed: int,
                        learners: int = CALIBRATION_LEARNERS,
                        answers: int = CALIBRATION_ANSWERS, gain: float = GAIN,
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """An earlier cohort from the same population (its own random stream): each learner
    answers ``answers`` distinct questions drawn at random from the bank, learning as the
    measured learners do. Returns what quizzes.calibration.fit reads: question ids,
    (learner, content) groups, right, earlier answers in the group."""
    rng = np.random.default_rng([seed, 7919])
    contents = sorted({c for _, _, c in questions})
    params = [item_params(key) for _, key, _ in questions]
    qids, groups, right, earlier = [], [], [], []
    for i in range(learners):
        done = dict.fromkeys(contents, 0)
        theta = abilities(rng, contents)
        for k in rng.choice(len(questions), size=min(answers, len(questions)), replace=False):
            pk, _, c = questions[k]
            a, b = params[k]
            qids.append(pk)
            groups.append(i * len(contents) + contents.index(c))
            right.append(float(rng.random() < p3(theta[c], a, b)))
            earlier.append(done[c])
            done[c] += 1
            theta[c] += gain
    return np.array(qids), np.array(groups), np.array(right), np.array(earlier)


def run(learners: int = 200, **kwargs) -> dict:
    """The simulation, with the start throttle lifted (learners here start many papers)."""
    from django.conf import settings
    from django.test import override_settings

    with override_settings(IPAS={**settings.IPAS, "STARTS_PER_MINUTE": 10**6}):
        return _run(learners, **kwargs)


def _run(learners: int = 200, seed: int = 1, shard: int = 0, shards: int = 1,
         raw: dict | None = None, mock_answers: int = 60, later_answers: int = 140,
         paper: int = 30, diagnostic: bool = False, calibrate: bool = True,
         gain: float = GAIN, out=sys.stdout) -> dict:
    from django.contrib.auth.models import User
    from django.db import transaction

    from content.models import Subject
    from quizzes import attempts as svc
    from quizzes.mastery import mastery_for
    from quizzes.models import Question

    subject = Subject.objects.select_related("exam").get(key="s2")
    questions = list(Question.objects.filter(content__theme__subject=subject, is_active=True,
                                             pool="public").values_list("pk", "key",
                                                                        "content_id"))
    params = {pk: item_params(key) for pk, key, _ in questions}
    if calibrate:  # the bank's parameters, as the nightly calibration would have them
        from quizzes.calibration import fit, store
        history = calibration_history(questions, seed, gain=gain)
        fitted = fit(*history)
        store(fitted, answers=len(history[0]))
        print(f"calibrated on an earlier cohort: {len(history[0])} answers, learning "
              f"{fitted.learning:.3f} logit an answer (the simulation's: {gain})", file=out)
    by_content: dict[int, list[tuple[float, float]]] = {}
    for pk, _, c in questions:
        by_content.setdefault(c, []).append(params[pk])
    contents = sorted(by_content)
    weights = {c: len(by_content[c]) / len(questions) for c in contents}
    streams = {"rng": None, "py": None}  # per learner: reproducible in any shard

    def rng_():
        return streams["rng"]

    def answer(user, learner: Learner, attempt, practice: bool) -> None:
        rng = rng_()
        for item in _items(attempt):
            a, b = params[item.question_id]
            right = rng.random() < p3(learner.theta[item.content_id], a, b)
            label = item.version.answer if right else next(
                x for x in item.order if x != item.version.answer)
            svc.save_answer(user, attempt.pk, item.position, item.order.index(label) + 1,
                            practice=practice)
            learner.theta[item.content_id] += gain
        svc.submit(attempt)

    def mock(user, learner: Learner, n: int) -> None:
        while n > 0:
            attempt = svc.start_attempt(user, "blueprint", subject=subject, mode="exam",
                                        count=min(paper, n), rng=streams["py"])
            answer(user, learner, attempt, practice=False)
            n -= attempt.total

    def weak(user, learner: Learner, n: int) -> None:
        while n > 0:
            attempt = svc.start_attempt(user, "weak", subject=subject, mode="practice",
                                        count=min(10, n), rng=streams["py"])
            answer(user, learner, attempt, practice=True)
            n -= max(1, attempt.total)

    def judge(user, learner: Learner, tally: Tally, before: Tally | None = None) -> None:
        board = mastery_for(user, subject)
        truth = {c: learner.true_pct(c, by_content[c]) for c in contents}
        ids = {m.key: c for m in board.contents for c in contents
               if m.key == content_key[c]}
        ranked = [ids[m.key] for m in board.weak]
        weakest = min(contents, key=truth.get)
        if before is not None:  # the rule before issue 16: (k+1)/(n+2), every answer alike
            practised = [m for m in board.contents if m.answered]
            old = sorted(practised, key=lambda m: ((m.correct + 1) / (m.answered + 2),
                                                   -m.answered))
            before.top1.append(bool(old) and ids[old[0].key] == weakest)
            before.top2.append(weakest in [ids[m.key] for m in old[:2]])
            before.spearman.append(_spearman([m.correct / m.answered for m in practised],
                                             [truth[ids[m.key]] for m in practised]))
            for m in practised:
                before.shown.append(m.correct / m.answered)
                before.truth.append(truth[ids[m.key]])
        tally.top1.append(bool(ranked) and ranked[0] == weakest)
        tally.top2.append(weakest in ranked[:2])
        shown = [m for m in board.contents if m.answered]
        tally.spearman.append(_spearman([m.estimate for m in shown],
                                        [truth[ids[m.key]] for m in shown]))
        for m in shown:
            tally.shown.append(m.estimate)
            tally.truth.append(truth[ids[m.key]])

    from content.models import Content
    content_key = dict(Content.objects.filter(pk__in=contents).values_list("pk", "key"))
    after_mock, before, final_mock, final_app = Tally(), Tally(), [], []
    app_tally = Tally()
    for i in range(learners):
        if i % shards != shard:
            continue
        rng = np.random.default_rng([seed, i])
        theta = abilities(rng, contents)
        if diagnostic:  # the 60-question adaptive diagnostic alone, from nothing known
            streams["rng"] = np.random.default_rng([seed, i, 2])
            streams["py"] = random.Random(f"{seed}-{i}-diagnostic")
            learner = Learner(dict(theta))
            with transaction.atomic():
                user = User.objects.create_user(f"sim-{seed}-{i}-diagnostic")
                attempt = svc.start_attempt(user, "diagnostic", subject=subject,
                                            mode="practice", rng=streams["py"])
                answer(user, learner, attempt, practice=True)
                judge(user, learner, after_mock)
            continue
        for policy in ("mock", "app") if later_answers else ("mock",):
            streams["rng"] = np.random.default_rng([seed, i, policy == "app"])
            streams["py"] = random.Random(f"{seed}-{i}-{policy}")
            learner = Learner(dict(theta))
            with transaction.atomic():
                user = User.objects.create_user(f"sim-{seed}-{i}-{policy}")
                mock(user, learner, mock_answers)
                if policy == "mock":
                    judge(user, learner, after_mock, before)
                    mock(user, learner, later_answers)
                    final = final_mock
                else:
                    weak(user, learner, later_answers)
                    judge(user, learner, app_tally)
                    final = final_app
                final.append(100 * sum(weights[c] * learner.true_pct(c, by_content[c])
                                       for c in contents))
    if diagnostic and raw is None:
        print(f"learners {learners}, seed {seed}: one 60-question diagnostic each", file=out)
        print("| after | top-1 | top-2 | Spearman | ECE |\n|---|---|---|---|---|", file=out)
        print(after_mock.row("the adaptive diagnostic"), file=out)
        return {"top1_diagnostic": float(np.mean(after_mock.top1)), "ece": after_mock.ece()}
    if raw is not None:  # a shard: hand back the raw figures for the parent to merge
        raw.update({name: vars(t) for name, t in
                    (("before", before), ("mock", after_mock), ("app", app_tally))})
        raw.update(final_mock=final_mock, final_app=final_app)
        return raw
    return report(before, after_mock, app_tally, final_mock, final_app, learners, seed,
                  mock_answers, later_answers, gain, out)


def report(before: Tally, after_mock: Tally, app_tally: Tally, final_mock: list,
           final_app: list, learners: int, seed: int, mock_answers: int, later_answers: int,
           gain: float = GAIN, out=sys.stdout) -> dict:
    result = {
        "top1_before": float(np.mean(before.top1)),
        "top1_mock": float(np.mean(after_mock.top1)), "ece_mock": after_mock.ece(),
        "top1_app": float(np.mean(app_tally.top1)) if app_tally.top1 else float("nan"),
        "ece_app": app_tally.ece(),
        "final_mock": float(np.mean(final_mock)) if final_mock else float("nan"),
        "final_app": float(np.mean(final_app)) if final_app else float("nan"),
    }
    print(f"learners {learners}, seed {seed}, {mock_answers} mock answers, then "
          f"{later_answers} answers by policy; learning +{gain} logit per answer", file=out)
    print("| after | top-1 | top-2 | Spearman | ECE |\n|---|---|---|---|---|", file=out)
    print(before.row(f"{mock_answers} mock-exam answers, before (k/n, the old rule)"),
          file=out)
    print(after_mock.row(f"{mock_answers} mock-exam answers, calibrated 3PL"), file=out)
    if not final_app:  # --later-answers 0: the mock answers alone
        return result
    print(app_tally.row(f"+{later_answers} weak-content practice"), file=out)
    print("\n| policy for the later answers | final expected score |\n|---|---|", file=out)
    print(f"| mock exams only | {result['final_mock']:.1f} |", file=out)
    print(f"| app's weak-content practice | {result['final_app']:.1f} |", file=out)
    print(f"\ndifference: {result['final_app'] - result['final_mock']:+.1f} points", file=out)
    return result


def main() -> None:
    import argparse
    import json
    import os
    import subprocess
    import tempfile

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipas.settings_test")
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shards", type=int, default=4,
                        help="processes, each with its own throwaway database")
    parser.add_argument("--later-answers", type=int, default=140,
                        help="answers after the first 60 (0: measure the 60 mock answers only)")
    parser.add_argument("--gain", type=float, default=GAIN,
                        help="logit each answer teaches (the issue fixes 0.1; other values "
                             "only to see what learning itself contributes)")
    parser.add_argument("--no-calibration", action="store_true",
                        help="leave every question at the prior item (no earlier cohort)")
    parser.add_argument("--diagnostic", action="store_true",
                        help="measure the 60-question diagnostic alone")
    parser.add_argument("--shard", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--raw", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.shard is None:  # the parent: run the shards, merge, print
        with tempfile.TemporaryDirectory() as tmp:
            files = [os.path.join(tmp, f"{k}.json") for k in range(args.shards)]
            procs = [subprocess.Popen([sys.executable, "-m", "sim.learning",
                                       "--learners", str(args.learners), "--seed",
                                       str(args.seed), "--shards", str(args.shards),
                                       "--later-answers", str(args.later_answers),
                                       "--gain", str(args.gain),
                                       *(["--no-calibration"] if args.no_calibration else []),
                                       "--shard", str(k), "--raw", files[k],
                                       *(["--diagnostic"] if args.diagnostic else [])])
                     for k in range(args.shards)]
            if any(p.wait() for p in procs):
                sys.exit("a shard failed")
            parts = [json.load(open(f)) for f in files]  # noqa: SIM115
        def joined(get) -> list:
            return [x for p in parts for x in get(p)]

        merged = {name: Tally(**{f: joined(lambda p, n=name, f=f: p[n][f])
                                 for f in ("top1", "top2", "spearman", "shown", "truth")})
                  for name in ("before", "mock", "app")}
        if args.diagnostic:
            print(f"learners {args.learners}, seed {args.seed}: one 60-question diagnostic "
                  "each\n| after | top-1 | top-2 | Spearman | ECE |\n|---|---|---|---|---|")
            print(merged["mock"].row("the adaptive diagnostic"))
            return
        report(merged["before"], merged["mock"], merged["app"],
               joined(lambda p: p["final_mock"]), joined(lambda p: p["final_app"]),
               args.learners, args.seed, 60, args.later_answers, args.gain)
        return
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from quizzes.loader import load_paths

    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = \
        f"test_{connection.settings_dict['NAME']}_sim{args.shard}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_paths()
        raw = run(args.learners, seed=args.seed, shard=args.shard, shards=args.shards, raw={},
                  diagnostic=args.diagnostic, later_answers=args.later_answers,
                  calibrate=not args.no_calibration, gain=args.gain)
        with open(args.raw, "w") as fh:
            json.dump(raw, fh)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
