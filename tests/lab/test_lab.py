"""The running lab through the API: how far and how its clock can be run."""

from __future__ import annotations

import math

import pytest


@pytest.mark.parametrize(
    "seconds, reason",
    [
        (math.nan, "NaN is not a number of seconds"),
        (-5, "the clock cannot go back in time"),
        (math.inf, "the clock advances at most 31536000 seconds (a year) at a time"),
        (10**400, "the clock advances at most 31536000 seconds (a year) at a time"),
    ],
    ids=["nan", "negative", "inf", "10**400"],
)
def test_advance_refuses_steps_the_clock_cannot_take(lab, seconds, reason):
    lab.advance(1)
    with pytest.raises(ValueError) as refused:
        lab.advance(seconds)
    assert str(refused.value) == reason
    assert lab.now == 1.0  # nothing ran
    assert lab["R1"].cli("show clock") == "*00:00:01.000 UTC Fri Mar 1 2002\n"


def test_advance_runs_a_year_at_a_time(lab):
    lab.advance(0)
    lab.advance(365 * 24 * 3600)
    assert lab.now == 365 * 24 * 3600


@pytest.mark.parametrize("seconds", ["5", None, True], ids=["text", "None", "bool"])
def test_advance_by_something_that_is_not_a_number_says_so(lab, seconds):
    # Found in review: `'<' not supported between instances of 'str' and 'int'`.
    with pytest.raises(TypeError) as refused:
        lab.advance(seconds)
    assert str(refused.value) == f"the clock advances by a number of seconds, not {type(seconds).__name__}"
    assert lab.now == 0.0
