"""Currencies: the signs, codes and names documents write amounts of money with, each read
as an ISO 4217 code.

A bare dollar sign ("$5 million") or the word "dollars" names no country: it is the
document's own currency, which a source records (``source add --currency CAD``), and the
U.S. dollar where the document's currency is not stated. A sign with a country's letters
("C$", "NZ$", "US$"), another sign ("€", "£", "¥"), a code ("EUR 5 million", "5 million
NZD") or a currency's name ("5 million euros", "New Zealand dollar 600 million") says its
own. Nothing is converted: an amount keeps the currency it is written in.
"""

from __future__ import annotations

# What a bare "$" or "dollars" is in a document whose currency is not stated.
DEFAULT_CURRENCY = "USD"

# Signs written before an amount, lower case, and their currency; None: the document's own.
SIGNS: dict[str, str | None] = {
    "$": None,
    "us$": "USD", "u.s.$": "USD",
    "c$": "CAD", "ca$": "CAD", "can$": "CAD",
    "a$": "AUD", "au$": "AUD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
}  # fmt: skip
# A sign: a dollar sign with its country's letters, or a sign of its own. The letters are
# written in capitals ("NZ$", "Can$"), so that no word's last letter is read as a country.
SIGN_PATTERN = r"(?:(?-i:US|U\.S\.|CA|Can|C|AU|A|NZ|HK|S)?\$|[€£¥₹])"

# ISO 4217 codes read as a currency when written in capitals beside an amount.
CODES = frozenset(
    "USD EUR GBP JPY CNY CAD AUD NZD HKD SGD CHF SEK NOK DKK ISK PLN CZK HUF RON BGN TRY RUB "
    "UAH ILS INR PKR BDT LKR KRW TWD THB MYR IDR PHP VND MXN BRL ARS CLP COP PEN ZAR NGN KES "
    "EGP MAD SAR AED QAR KWD".split()
)
CODE_PATTERN = r"(?-i:" + "|".join(sorted(CODES)) + r")"

# Countries whose currency is a dollar, as documents write them before "dollar(s)".
_DOLLAR_COUNTRIES: dict[str, str] = {
    "u.s.": "USD", "us": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "new zealand": "NZD", "hong kong": "HKD", "singapore": "SGD",
}  # fmt: skip
_DOLLAR_COUNTRY = r"(?:U\.S\.|US|American|Canadian|Australian|New\s+Zealand|Hong\s+Kong|Singapore)"
# Names of currencies, lower case with single spaces; None: the document's own dollar.
NAMES: dict[str, str | None] = {
    "dollar": None, "dollars": None,
    **{f"{country} {word}": code for country, code in _DOLLAR_COUNTRIES.items()
       for word in ("dollar", "dollars")},
    "euro": "EUR", "euros": "EUR",
    "pounds sterling": "GBP", "sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "swiss franc": "CHF", "swiss francs": "CHF",
}  # fmt: skip
# A currency's name after an amount ("5 million euros", "40 Canadian dollars").
NAME_AFTER_PATTERN = (
    rf"(?:(?:{_DOLLAR_COUNTRY}\s+)?dollars?|euros?|pounds\s+sterling|sterling|yen|yuan|"
    r"renminbi|Swiss\s+francs?)"
)
# A dollar's country and name written before an amount ("New Zealand dollar 600 million").
NAME_BEFORE_PATTERN = rf"(?:{_DOLLAR_COUNTRY}\s+dollars?)"
# Cents: a hundredth of the document's currency ("78 cents", "78¢").
CENTS_PATTERN = r"(?:\s*¢|\s+cents?\b)"


def currency_of(written: str, currency: str = DEFAULT_CURRENCY) -> str:
    """The ISO code of a sign, a code or a name as written ("NZ$", "EUR", "euros",
    "dollars"); ``currency`` is the document's own, what "$" and "dollars" stand for.

    Raises KeyError for words that name no currency.
    """
    key = " ".join(written.split())
    if key in CODES:
        return key
    key = key.lower()
    found = SIGNS[key] if key in SIGNS else NAMES[key]
    return currency if found is None else found


# Every ISO 4217 code of a currency in use: what a user may give as a document's currency.
ISO_CODES = frozenset(
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD "
    "FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY "
    "KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP "
    "MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR "
    "RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS "
    "TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER "
    "ZAR ZMW ZWG ZWL".split()
)


def read_code(text: str) -> str:
    """A currency code as a user gives it ("cad", " NZD "): its ISO form, in capitals.

    Raises ValueError for anything that is no ISO 4217 code of a currency in use (a typo
    would otherwise record a currency no one uses).
    """
    code = text.strip().upper()
    if code not in ISO_CODES:
        raise ValueError(f"{text!r} is not an ISO 4217 currency code")
    return code
