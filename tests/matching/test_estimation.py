"""Expectation-maximisation recovers known m probabilities; u comes from random pairs."""

import random

import pytest

from matching import COMPARISONS, default_model, expectation_maximisation


def _true_parameters(
    rng: random.Random, levels: tuple[str, ...]
) -> tuple[dict[str, float], dict[str, float]]:
    # matches agree (first levels), non-matches disagree (last level) - like real data, but random
    m_raw = [rng.uniform(0.5, 1.0) * (len(levels) - i) ** 2 for i in range(len(levels))]
    u_raw = [rng.uniform(0.5, 1.0) * (i + 1) ** 3 for i in range(len(levels))]
    return (
        {label: value / sum(m_raw) for label, value in zip(levels, m_raw, strict=True)},
        {label: value / sum(u_raw) for label, value in zip(levels, u_raw, strict=True)},
    )


@pytest.mark.parametrize("party_type", ["organization", "person"])
def test_em_recovers_known_m_and_the_match_share(party_type):
    rng = random.Random(42)
    comparisons = COMPARISONS[party_type]
    truth = {c.name: _true_parameters(rng, c.levels) for c in comparisons}
    share = 0.25
    vectors = []
    for _ in range(20_000):
        is_match = rng.random() < share
        vector = []
        for comparison in comparisons:
            m, u = truth[comparison.name]
            table = m if is_match else u
            vector.append(
                rng.choices(list(table), weights=list(table.values()))[0] if rng.random() > 0.1 else None
            )
        vectors.append(tuple(vector))
    model = default_model()
    for comparison in comparisons:  # EM holds u fixed: give it the true u
        for label, u in truth[comparison.name][1].items():
            parameters = model.parameters[party_type][comparison.name][label]
            model.parameters[party_type][comparison.name][label] = type(parameters)(m=parameters.m, u=u)

    m, estimated_share = expectation_maximisation(party_type, vectors, model, iterations=100)

    assert estimated_share == pytest.approx(share, abs=0.02)
    for comparison in comparisons:
        for label, true_m in truth[comparison.name][0].items():
            assert m[comparison.name][label] == pytest.approx(true_m, abs=0.03), (comparison.name, label)
