"""Estimating the model without labels: EM recovers known m and u; training is deterministic, monotone,
and refuses estimates that did not converge."""

import random
from collections import Counter

import pytest

import matching.estimation as estimation
from matching import (
    CustomerRecord,
    Features,
    comparison_vectors,
    default_model,
    expectation_maximisation,
    monotone_m,
    standardise,
    train,
)

FIRST = (
    "anna ben clara david emil frieda georg hanna ida jonas karl lena max nora otto paula quirin rosa "
    "simon tara ulrich vera walter xenia yusuf zoe adam berta carl doris erik fiona hugo ines jakob".split()
)
LAST = (
    "meyer schulz fischer weber wagner becker hoffmann koch richter klein wolf neumann schwarz braun "
    "zimmermann hartmann lange werner krause lehmann kaiser fuchs peters scholz moeller keller jung "
    "hahn vogel friedrich roth beck lorenz baumann franke albrecht winter simon ludwig".split()
)
STREETS = (
    "hauptstrasse bahnhofstrasse gartenweg schulstrasse lindenallee dorfstrasse bergweg ringstrasse "
    "kirchplatz muehlenweg".split()
)
CITIES = "berlin hamburg koeln leipzig dresden bremen hannover essen bonn mainz kiel jena".split()


def _typo(rng: random.Random, text: str) -> str:
    position = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("swap", "drop", "replace", "insert"))
    if kind == "swap":
        return text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    if kind == "drop":
        return text[:position] + text[position + 1 :]
    letter = rng.choice("aeiourstnl")
    if kind == "replace":
        return text[:position] + letter + text[position + 1 :]
    return text[:position] + letter + text[position:]


def _slip(rng: random.Random, number: str) -> str:
    position = rng.randrange(len(number) - 1)
    return number[:position] + number[position + 1] + number[position] + number[position + 2 :]


def _people(seed: int = 3, originals: int = 2500) -> tuple[list[Features], dict[int, int]]:
    """Persons with duplicates that carry typos in three or more comparisons; answers the records and
    each record's party."""
    rng = random.Random(seed)
    records: list[Features] = []
    party_of: dict[int, int] = {}
    for party in range(originals):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        street, city = rng.choice(STREETS), rng.choice(CITIES)
        values = {
            "first_name": first,
            "last_name": last,
            "emails": (f"{first}.{last}{rng.randrange(100)}@example{rng.randrange(40)}.de",),
            "phones": (f"+49 30 {rng.randrange(1000000, 9999999)}",),
            "street": f"{street.title()} {rng.randrange(1, 120)}",
            "city": city.title(),
            "postal_code": f"{rng.randrange(10000, 99999)}",
            "country": "DE",
            "identification_number": f"{rng.randrange(10**8, 10**9)}",
        }
        copies = [values]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            copy = dict(values)
            if rng.random() < 0.6:
                copy["last_name"] = _typo(rng, last)
            if rng.random() < 0.4:
                copy["first_name"] = _typo(rng, first)
            if rng.random() < 0.5:
                copy["street"] = _typo(rng, values["street"])
            if rng.random() < 0.2:
                copy["postal_code"] = _slip(rng, values["postal_code"])
            if rng.random() < 0.4:
                copy["identification_number"] = _slip(rng, values["identification_number"])
            if rng.random() < 0.3:
                copy["emails"] = ()
            if rng.random() < 0.4:
                copy["phones"] = ()
            copies.append(copy)
        for copy in copies:
            record_id = len(records) + 1
            party_of[record_id] = party
            records.append(
                standardise(
                    CustomerRecord(
                        record_id=record_id, source="fno/CustomersV3/demf", party_type="person", **copy
                    )
                )
            )
    return records, party_of


def _true_parameters(records, party_of, comparisons):
    """m from the labelled duplicate pairs, u from random different-party pairs."""
    rng = random.Random(11)
    by_party: dict[int, list[Features]] = {}
    for record in records:
        by_party.setdefault(party_of[record.record_id], []).append(record)
    matches = [
        (a, b) for members in by_party.values() for i, a in enumerate(members) for b in members[i + 1 :]
    ]
    non_matches = []
    while len(non_matches) < 100_000:
        a, b = rng.sample(records, 2)
        if party_of[a.record_id] != party_of[b.record_id]:
            non_matches.append((a, b))
    return _shares(comparisons, matches), _shares(comparisons, non_matches)


def _shares(comparisons, pairs) -> dict[str, dict[str, float]]:
    vectors = comparison_vectors(comparisons, pairs)
    shares = {}
    for index, comparison in enumerate(comparisons):
        counts = Counter()
        for vector, seen in vectors.items():
            if vector[index] is not None:
                counts[comparison.levels[vector[index]]] += seen
        total = sum(counts.values())
        shares[comparison.name] = {label: counts[label] / max(total, 1) for label in comparison.levels}
    return shares


@pytest.fixture(scope="module")
def people():
    return _people()


def test_training_recovers_known_m_and_u_from_records_with_typos_in_three_or_more_comparisons(people):
    records, party_of = people
    model = default_model()
    comparisons = model.comparisons("person")
    true_m, true_u = _true_parameters(records, party_of, comparisons)

    outcome = train(records, model)

    assert outcome.accepted, outcome.problems
    party = outcome.model.parties["person"]
    learnt = party.parameters
    for comparison in ("given_name", "family_name", "address", "identification_number", "email"):
        u = {label: p.u for label, p in learnt[comparison].items()}
        # the truth as a monotone model can hold it: levels that break the order share their weight
        monotone_truth = monotone_m(party.comparison(comparison), true_m[comparison], u)
        for label, m in monotone_truth.items():
            if m >= 0.05:  # a level true matches reach; rarer levels are dominated by the prior
                assert learnt[comparison][label].m == pytest.approx(m, abs=0.06), (comparison, label)
        for label, u in true_u[comparison].items():
            if u >= 0.01:
                assert learnt[comparison][label].u == pytest.approx(u, rel=0.1, abs=0.005), (
                    comparison,
                    label,
                )
    duplicates = sum(1 for count in Counter(party_of.values()).values() for _ in range(count - 1)) / len(
        records
    )
    prior = outcome.model.parties["person"].probability_two_random_records_match
    true_prior = sum(n * (n - 1) / 2 for n in Counter(party_of.values()).values()) / (
        len(records) * (len(records) - 1) / 2
    )
    assert duplicates > 0
    assert true_prior / 3 <= prior <= true_prior * 3  # deterministic rules over their assumed recall


def test_em_recovers_known_m_and_the_match_share_with_u_known():
    rng = random.Random(42)
    model = default_model()
    comparisons = model.comparisons("person")
    truth_m, truth_u = {}, {}
    for comparison in comparisons:
        levels = comparison.levels
        m_raw = [rng.uniform(0.5, 1.0) * (len(levels) - i) ** 2 for i in range(len(levels))]
        u_raw = [rng.uniform(0.5, 1.0) * (i + 1) ** 3 for i in range(len(levels))]
        truth_m[comparison.name] = [value / sum(m_raw) for value in m_raw]
        truth_u[comparison.name] = [value / sum(u_raw) for value in u_raw]
    share = 0.25
    vectors: Counter = Counter()
    for _ in range(20_000):
        table = truth_m if rng.random() < share else truth_u
        vector = tuple(
            None if rng.random() < 0.1 else rng.choices(range(len(c.levels)), weights=table[c.name])[0]
            for c in comparisons
        )
        vectors[vector] += 1
    start_m = {
        c.name: {label: p.m for label, p in model.parties["person"].parameters[c.name].items()}
        for c in comparisons
    }
    known_u = {c.name: dict(zip(c.levels, truth_u[c.name], strict=True)) for c in comparisons}

    m, estimated_share, _, converged = expectation_maximisation(comparisons, vectors, m=start_m, u=known_u)

    assert converged
    assert estimated_share == pytest.approx(share, abs=0.02)
    for comparison in comparisons:
        for label, true_m in zip(comparison.levels, truth_m[comparison.name], strict=True):
            assert m[comparison.name][label] == pytest.approx(true_m, abs=0.03), (comparison.name, label)


def test_the_same_records_train_the_same_model_whatever_their_ids_and_order(people):
    records, _ = people
    shuffled = list(records)
    random.Random(5).shuffle(shuffled)
    renumbered = [
        Features(
            **{**{name: getattr(f, name) for name in Features.__dataclass_fields__}, "record_id": 10_000 + i}
        )
        for i, f in enumerate(shuffled)
    ]

    first, second = train(records, default_model()), train(renumbered, default_model())

    assert first.model.version == second.model.version
    assert first.model.to_settings() == second.model.to_settings()


def test_an_estimate_that_does_not_converge_is_refused_with_the_reason(people, monkeypatch):
    records, _ = people
    monkeypatch.setattr(estimation, "EM_ITERATIONS", 2)

    outcome = train(records, default_model())

    assert not outcome.accepted
    assert any("did not converge" in problem for problem in outcome.problems)


def test_levels_are_kept_monotone_by_pooling_the_levels_that_break_the_order():
    comparison = default_model().parties["person"].comparison("identification_number")
    m = {"exact": 0.5, "one_slip": 0.45, "different": 0.05}
    u = {"exact": 1e-4, "one_slip": 5e-5, "different": 0.99985}  # a slip would weigh more than exact

    adjusted = monotone_m(comparison, m, u)

    weights = [adjusted[label] / u[label] for label in comparison.levels]
    assert weights == sorted(weights, reverse=True)
    assert adjusted["exact"] / u["exact"] == pytest.approx(adjusted["one_slip"] / u["one_slip"])
    assert sum(adjusted.values()) == pytest.approx(sum(m.values()))


def test_every_learnt_level_is_monotone(people):
    records, _ = people
    model = train(records, default_model()).model
    for party in model.parties.values():
        for comparison in party.comparisons:
            weights = [party.parameters[comparison.name][label].weight for label in comparison.levels]
            assert all(a >= b - 1e-9 for a, b in zip(weights, weights[1:], strict=False)), comparison.name
