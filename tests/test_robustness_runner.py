"""The coverage study's runner: the same seed gives the same coverage.csv bytes on 1 worker,
2 local processes and a Dask LocalCluster; and over many replicates the coverage is what
theory says: Welch's CI covers 95% within binomial bounds where it is valid, the
person-week CI falls short when weeks are strongly correlated."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from k2cramps.robustness import closed_form, dgm, runner
from k2cramps.robustness.study import coverage_table, scenarios

DESIGN = dgm.Design(103, 96, 3.63, 0.265, 0.73, 0.21, 0.07,
                    (0.02, 0.04, 0.035, 0.055, 0.055, 0.07, 0.065, 0.08))
SCENARIOS = scenarios(DESIGN, 0.05, 0.5)


def _coverage_bytes(**backend) -> bytes:
    raw = runner.run(runner.tasks(SCENARIOS, 2 * runner.CHUNK, 20240916, 0.05),
                     progress=False, **backend)
    return coverage_table(raw, SCENARIOS).to_csv(index=False).encode()


@pytest.fixture(scope="module")
def one_worker() -> bytes:
    return _coverage_bytes(workers=1)


def test_two_local_processes_give_the_same_bytes(one_worker):
    assert _coverage_bytes(workers=2) == one_worker


def test_a_dask_cluster_gives_the_same_bytes(one_worker):
    from dask.distributed import LocalCluster

    # One worker process (its own imports, as on a remote machine) running two chunks at a
    # time in threads, so that chunks still finish out of order: a second process would cost
    # the suite another start of the package and dask for the same check.
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                      dashboard_address=None) as cluster:
        assert _coverage_bytes(scheduler=cluster.scheduler_address) == one_worker


def test_another_seed_gives_other_numbers(one_worker):
    raw = runner.run(runner.tasks(SCENARIOS, 2 * runner.CHUNK, 1, 0.05), workers=1,
                     progress=False)
    assert coverage_table(raw, SCENARIOS).to_csv(index=False).encode() != one_worker


def test_every_replicate_and_method_is_reported_once(one_worker):
    raw = runner.run(runner.tasks(SCENARIOS[:1], 30, 5, 0.05), workers=1, progress=False)
    assert len(raw) == 30 * 7 and raw.groupby(["replicate", "method"]).size().max() == 1
    assert list(raw["replicate"].unique()) == list(range(30))


N = 2000  # trials per check: a 95% CI covers in 1870-1929 of them with probability 0.998
LOW, HIGH = stats.binom.interval(0.998, N, 0.95)


def _covered(estimate, truth) -> int:
    return int(np.sum((estimate.ci_low <= truth) & (truth <= estimate.ci_high)))


def test_welch_covers_95_percent_where_it_is_valid():
    """Participant means are independent across participants: Welch's CI is valid."""
    b = dgm.simulate(DESIGN, dgm.replicate_seeds(101, 0, range(N)))
    covered = _covered(closed_form.participant_welch(b, 0.05), DESIGN.difference)
    assert LOW <= covered <= HIGH, covered


def test_person_week_ci_under_covers_when_weeks_are_correlated():
    """At ICC 0.5 the design effect is 4.5: the person-week CI is about 1/sqrt(4.5) as wide
    as it should be, so it covers near 2 Phi(1.96 / 2.1) - 1 = 65%, far below the binomial
    bounds of 95%; at ICC 0.05 (design effect 1.35) it still falls short."""
    for icc, most in ((0.5, 0.75), (0.05, 0.93)):
        design = DESIGN.with_(icc=icc)
        b = dgm.simulate(design, dgm.replicate_seeds(102, 0, range(N)))
        covered = _covered(closed_form.personweek_t(b, 0.05), design.difference)
        assert covered < LOW and covered / N < most, (icc, covered)
