"""States: ISO 3166-1 names and alpha-3 codes, from `pycountry`, plus the other forms the
documents use (`data/state_aliases.csv`: Russia, Russian, the US, UAE, ...). The one home
of country lookup in the package."""

from functools import lru_cache

from .paths import data_dir

ALIASES = "state_aliases.csv"


@lru_cache(maxsize=1024)
def _lookup(name: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def is_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code of a country."""
    import pycountry

    return len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None


def name(code: str) -> str:
    """A readable name for an alpha-3 code: pycountry's common name where it has one."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise KeyError(code)
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=8)
def _aliases(path) -> dict[str, str]:
    from .csvfile import read_rows

    found = {}
    for row in read_rows(path):
        code = _lookup(row["country"])
        if code:
            found[row["alias"]] = code
    return found


def aliases(root=None) -> dict[str, str]:
    """{alias: alpha-3} from data/state_aliases.csv (rows whose country is unknown are left
    out here; `check` reports them)."""
    return _aliases(data_dir(root) / ALIASES)


def code(name_or_code: str, root=None) -> str | None:
    """The alpha-3 code of a state named by its ISO name, common or official name, code,
    or one of the aliases; None if it names no state."""
    return aliases(root).get(name_or_code) or _lookup(name_or_code)


def forms(root=None) -> dict[str, str]:
    """Every surface form that names a state (ISO names and aliases) -> alpha-3."""
    import pycountry

    found = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:  # "Korea, Republic of" is never written so
                found[value] = country.alpha_3
    found.update(aliases(root))
    return found
