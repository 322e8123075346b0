"""Vega-Lite specifications of the console's charts, built from the hub's own figures: the histogram of
match scores with the thresholds, and the waterfall of one score's weight contributions (Splink's chart)."""

from dataclasses import dataclass
from typing import Any

POSITIVE, NEGATIVE, TOTAL = "#1a7f37", "#b42318", "#24466b"


@dataclass(frozen=True)
class WaterfallStep:
    label: str
    start: float
    end: float
    weight: float
    kind: str  # prior, positive, negative, final


def waterfall_steps(explanation: dict[str, Any]) -> list[WaterfallStep]:
    """From the prior weight, each comparison that moved the score (its weight includes any term-frequency
    adjustment), to the final match weight."""
    prior = float(explanation.get("prior_weight") or 0.0)
    steps = [WaterfallStep("prior", 0.0, prior, prior, "prior")]
    running = prior
    for contribution in explanation.get("comparisons", []):
        weight = float(contribution.get("weight") or 0.0)
        if weight == 0.0:
            continue
        label = f"{contribution['comparison'].replace('_', ' ')}: {contribution['level'].replace('_', ' ')}"
        steps.append(
            WaterfallStep(label, running, running + weight, weight, "positive" if weight > 0 else "negative")
        )
        running += weight
    final = float(explanation.get("match_weight", running))
    steps.append(WaterfallStep("final score", 0.0, final, final, "final"))
    return steps


def waterfall_spec(explanation: dict[str, Any], probability: float) -> dict[str, Any]:
    steps = waterfall_steps(explanation)
    values = [
        {
            "order": index,
            "top": max(s.start, s.end),
            "step": s.label,
            "start": s.start,
            "end": s.end,
            "weight": round(s.weight, 2),
            "kind": s.kind,
        }
        for index, s in enumerate(steps)
    ]
    return {
        "description": f"Match weight from the prior through each comparison to the final score "
        f"({probability * 100:.1f}% match probability).",
        "width": "container",
        "height": 240,
        "data": {"values": values},
        "encoding": {
            "x": {
                "field": "step",
                "type": "nominal",
                "sort": {"field": "order"},
                "title": None,
                "axis": {"labelAngle": -30, "labelLimit": 160},
            }
        },
        "layer": [
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": {"field": "start", "type": "quantitative", "title": "match weight (log2 odds)"},
                    "y2": {"field": "end"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "legend": None,
                        "scale": {
                            "domain": ["prior", "positive", "negative", "final"],
                            "range": [TOTAL, POSITIVE, NEGATIVE, TOTAL],
                        },
                    },
                },
            },
            {
                "mark": {"type": "text", "dy": -6, "fontSize": 11, "color": "#1f2328"},
                "encoding": {"y": {"field": "top", "type": "quantitative"}, "text": {"field": "weight"}},
            },
            {"mark": {"type": "rule", "color": "#57606a"}, "encoding": {"y": {"datum": 0}}},
        ],
    }


def histogram_spec(bins: list[dict[str, Any]], review: float, match: float) -> dict[str, Any]:
    thresholds = [
        {"probability": review, "label": f"review from {review:.2f}"},
        {"probability": match, "label": f"match from {match:.2f}"},
    ]
    return {
        "description": "Scored pairs by match probability, with the review and match thresholds.",
        "width": "container",
        "height": 220,
        "layer": [
            {
                "data": {"values": bins},
                "mark": {"type": "bar", "tooltip": True, "color": TOTAL},
                "encoding": {
                    "x": {
                        "field": "start",
                        "type": "quantitative",
                        "bin": {"binned": True, "step": bins[0]["end"] - bins[0]["start"] if bins else 0.05},
                        "title": "match probability",
                        "scale": {"domain": [0, 1]},
                        "axis": {"values": [i / 10 for i in range(11)], "format": ".0%"},
                    },
                    "x2": {"field": "end"},
                    "y": {
                        "field": "pairs",
                        "type": "quantitative",
                        "title": "scored pairs (symlog scale)",
                        "scale": {"type": "symlog"},
                    },
                },
            },
            {
                "data": {"values": thresholds},
                "mark": {"type": "rule", "color": NEGATIVE, "strokeDash": [5, 3], "strokeWidth": 2},
                "encoding": {"x": {"field": "probability", "type": "quantitative"}},
            },
            {
                "data": {"values": thresholds},
                "mark": {
                    "type": "text",
                    "align": "right",
                    "dx": -4,
                    "y": 8,
                    "color": NEGATIVE,
                    "fontSize": 11,
                },
                "encoding": {
                    "x": {"field": "probability", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ],
    }
