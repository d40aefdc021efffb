"""The words the PNG, GIF and MP4 print, in Arabic, and the date, number and list formats of
each language the images speak (`--lang en|ar`).

The keys of `ARABIC` are the exact English texts the images print (placeholders such as
`{date}` included), so that they can move as they are into the gettext catalog as msgids;
`image_translator` then gives way to the catalog's translator. Until then this dict is the one
place that holds the images' Arabic. Words are neutral (docs: the glossary of issue 23): no
side's own vocabulary. No vowel marks: matplotlib does not position them.

Dates in Arabic use Babel's `ar_SY` locale: the Levantine month names (كانون الثاني … كانون
الأول) and, as that locale does by default, Western digits (0-9).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
from babel.dates import format_date
from babel.lists import format_list

LANGS: tuple[str, ...] = ("en", "ar")
RTL_LANGS = frozenset({"ar"})
LOCALES = {"ar": "ar_SY"}

ARABIC: dict[str, str] = {
    # titles (the bundled dataset's headline and title; other datasets' stay in English)
    "Who held which neighbourhood of Aleppo, week by week": (
        "من كان يسيطر على كل حي من أحياء حلب، أسبوعا بأسبوع"
    ),
    "Territorial control of Aleppo's neighbourhoods, July 2012 – December 2016": (
        "السيطرة على أحياء حلب، تموز 2012 – كانون الأول 2016"
    ),
    # holders (model.HOLDER_LABELS)
    "Syrian government and allied forces": "القوات الحكومية السورية وحلفاؤها",
    "Armed opposition factions": "فصائل المعارضة المسلحة",
    "Kurdish YPG / Asayish": "وحدات حماية الشعب الكردية / الأسايش",
    "Contested": "متنازع عليها",
    "Unknown / no claim": "غير معروف / لا إفادة",
    # the legend's other keys
    "dotted: area not named, inferred": "منقط: المنطقة غير مذكورة بالاسم، السيطرة مستنتجة",
    "changed this week": "تبدلت السيطرة هذا الأسبوع",
    "district (its areas outlined together)": "حي (مناطقه محاطة بخط واحد)",
    "route open": "الطريق مفتوح",
    "route under fire": "الطريق تحت النار",
    "route cut": "الطريق مقطوع",
    # the date line
    "State on {date}": "الوضع في {date}",
    "(some changes this week are dated only {precisions})": (
        "(بعض تغييرات هذا الأسبوع مؤرخة {precisions} فقط)"
    ),
    "to the week": "بدقة الأسبوع",
    "to the month": "بدقة الشهر",
    "to the season": "بدقة الفصل",
    "to the year": "بدقة السنة",
    "{label} since {since}: every route in is cut ({route}; {outlet})": (
        "{label} منذ {since}: كل الطرق إليه مقطوعة ({route}؛ {outlet})"
    ),
    "Besieged": "تحت الحصار",
    "Eastern Aleppo besieged": "شرق حلب محاصر",
    "Ramouseh road": "طريق الراموسة",
    "Castello Road": "طريق الكاستيلو",
    # the landmarks the map labels
    "Citadel of Aleppo": "قلعة حلب",
    "al-Ramouseh crossing (Ramouseh roundabout and bridge)": (
        "معبر الراموسة (دوار الراموسة وجسرها)"
    ),
    "Bustan al-Qasr crossing (Karaj al-Hajz)": "معبر بستان القصر (كراج الحجز)",
    # the sources line (the sources themselves stay as published)
    "Sources behind the colours shown: {sources}": "مصادر الألوان المعروضة: {sources}",
    "; ": "؛ ",
    "Dataset version {version}.": "إصدار البيانات {version}.",
    "Boundaries are approximate: published outlines, adjusted or drawn by hand.": (
        "الحدود تقريبية: حدود منشورة، معدلة أو مرسومة يدويا."
    ),
    "Holder labels are neutral descriptions; every colour cites a quoted source.": (
        "أسماء الجهات المسيطرة أوصاف محايدة؛ كل لون يستند إلى مصدر مقتبس."
    ),
    # scale bar and north arrow
    "{length} km": "{length} كم",
    "{length} m": "{length} م",
    "N": "ش",
    # compare (snapshot_views.show_compare)
    "Changes of holder from {start} to {end}: {count} area(s), outlined": (
        "تغيرات السيطرة من {start} إلى {end}: {count} منطقة، محاطة بخط"
    ),
    "inner edge: holder on {start}; fill: holder on {end}": (
        "الحافة الداخلية: الجهة المسيطرة في {start}؛ اللون: الجهة المسيطرة في {end}"
    ),
    "Net: {moves}.": "الصافي: {moves}.",
    "{holder} {km2} km²": "{holder} {km2} كم²",
    "No area's holder differs between {start} and {end}.": (
        "لم تتغير الجهة المسيطرة على أي منطقة بين {start} و{end}."
    ),
    # the arrow points the way the Arabic reads: from the right to the left
    "{holder_from} → {holder_to} ({count})": "{holder_from} ← {holder_to} ({count})",
    # age of the evidence (compare.AGE_*)
    "Age of evidence: weeks since the last sentence that supports the colour": (
        "عمر الدليل: الأسابيع منذ آخر جملة تدعم اللون"
    ),
    "{title}, week ending {date}": "{title}، الأسبوع المنتهي في {date}",
    "under 4 weeks": "أقل من 4 أسابيع",
    "4 to 26 weeks": "من 4 إلى 26 أسبوعا",
    "26 to 52 weeks": "من 26 إلى 52 أسبوعا",
    "over 52 weeks": "أكثر من 52 أسبوعا",
    # the video frames (videoframe.TEXT; the holders and the title are above)
    "Dotted: not named in the sentence, holder inferred": (
        "منقط: غير مذكورة في الجملة، السيطرة مستنتجة"
    ),
    "Outlined: changed hands this week": "محاطة بخط: تبدلت السيطرة عليها هذا الأسبوع",
    "Route open": "الطريق مفتوحة",
    "Route open but under fire": "الطريق مفتوحة لكن تحت النار",
    "Route cut": "الطريق مقطوعة",
    "no change of hands": "لا تبدل في السيطرة",
    "1 area changed hands": "تبدلت السيطرة على منطقة واحدة",
    # one wording for every number (Arabic counts agree with the noun in six ways)
    "{n} areas changed hands": "مناطق تبدلت السيطرة عليها: {n}",
    "{label} since {date}: every route in is cut": "{label} منذ {date}: كل الطرق إليه مقطوعة",
    "Sources behind the colours: {sources}": "مصادر الألوان: {sources}",
    "{outlet} ({n} articles)": "{outlet} (عدد المقالات: {n})",
    "Dataset version {version} · {boundary} Every colour cites a quoted sentence. "
    "Licence: {licence}.": (
        "إصدار البيانات {version} · {boundary} كل لون يستند إلى جملة مقتبسة. الترخيص: {licence}."
    ),
}


def check_lang(lang: str) -> str:
    """`lang` if the images speak it, else ValueError naming it and the choices."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def image_translator(lang: str) -> Callable[[str], str]:
    """The images' words in `lang`: the English text itself for "en", and for a text without
    a translation (another dataset's own title, say)."""
    words = ARABIC if check_lang(lang) == "ar" else {}
    return lambda text: words.get(text, text)


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGS


def image_date(value, lang: str, padded: bool = False, year: bool = True) -> str:
    """A day as the images print it: "29 November 2016" ("04 March 2016" when `padded`, as the
    English date line always has), or "29 تشرين الثاني 2016" (Babel, ar_SY); without `year`,
    "29 November", "29 تشرين الثاني"."""
    date = pd.Timestamp(value)
    if check_lang(lang) == "en":
        day = f"{date:%d %B}" if padded else f"{date.day} {date:%B}"
        return f"{day} {date.year}" if year else day
    return format_date(date.date(), "d MMMM y" if year else "d MMMM", locale=LOCALES[lang])


def image_list(items: Iterable[str], lang: str) -> str:
    """ "a, b, c" in English; in Arabic the locale's own list ("a و b")."""
    items = list(items)
    if check_lang(lang) == "en":
        return ", ".join(items)
    return format_list(items, locale=LOCALES[lang])
