"""The active match model (the newest stored settings version) and the name affixes to strip."""

import time
from threading import Lock

from sqlmodel import Session, select

from app.matching import repository
from matching import MatchModel, default_model

__all__ = ["active_model", "adoption_due", "default_model", "name_affixes", "parsed", "population"]
from models import ReferenceValue

POPULATION_TTL_SECONDS = 5.0
CACHE_POPULATION_FROM = 10_000
_parsed: dict[str, MatchModel] = {}
_population: dict[str, tuple[float, dict[str, int]]] = {}
_lock = Lock()


def active_model(session: Session, *, record_default: bool = True) -> MatchModel:
    """The active model version: the newest active version stored. On a new store that is the shipped
    default, and on a store whose model was based on an older release of the shipped default, the newer
    default: a writing caller (`record_default`) records it as a new version, saying why, so every score
    names a stored version and the settings history shows the adoption."""
    version = repository.latest_settings_version(session)
    shipped = default_model()
    if version is None:
        if record_default:
            repository.add_settings_once(
                session,
                version=shipped.version,
                settings=shipped.to_settings(),
                population=0,
                reason="shipped defaults",
            )
        return shipped
    model = parsed(session, version)
    if model.release < shipped.release:
        if record_default:
            repository.add_settings_once(
                session,
                version=shipped.version,
                settings=shipped.to_settings(),
                population=0,
                reason=(
                    f"adopted the shipped default {shipped.version} (release {shipped.release}): the store's "
                    f"model {model.version} was based on release {model.release}"
                ),
            )
        return shipped
    return model


def parsed(session: Session, version: str) -> MatchModel:
    """A stored version's model, parsed once per process."""
    with _lock:
        model = _parsed.get(version)
    if model is None:
        stored = repository.settings_by_version(session, version)
        model = MatchModel.from_settings(stored.settings)
        with _lock:
            _parsed[version] = model
    return model


def adoption_due(session: Session) -> bool:
    """True when the package ships a newer default than the one the active model was based on."""
    version = repository.latest_settings_version(session)
    return version is not None and parsed(session, version).release < default_model().release


def population(session: Session) -> dict[str, int]:
    """Records per party type. A large store is counted at most every few seconds: the count sets priors
    and frequencies, where a count seconds old changes nothing that matters, and counting 100k rows on
    every call would cost milliseconds."""
    now = time.monotonic()
    bind = session.get_bind().url.render_as_string(hide_password=True)
    with _lock:
        cached = _population.get(bind)
    if cached is not None and now - cached[0] < POPULATION_TTL_SECONDS:
        return cached[1]
    counted = repository.population(session)
    if sum(counted.values()) >= CACHE_POPULATION_FROM:
        with _lock:
            _population[bind] = (now, counted)
    return counted


def name_affixes(session: Session) -> frozenset[str]:
    statement = select(ReferenceValue.attributes).where(ReferenceValue.kind == "name_affix")
    return frozenset(a["affix"] for a in session.scalars(statement) if a.get("affix"))
