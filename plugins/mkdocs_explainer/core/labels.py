"""The words the plugin writes around editors' text (headings, "Read more", dates), in the site's language.

The language is the theme's (`theme.language` in Material, `theme.locale` in MkDocs' own themes);
a publisher can replace any label with the plugin's `labels:` option. Dates are written as readers
of each language write them: day, month name, year. The month tables are here rather than from
Babel: five languages need twelve words each, and a locale library would be a large dependency
whose output changes with its data releases (and so would the site, byte for byte).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

DEFAULT_LANGUAGE = "en"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "facts_as_of": "facts as of", "elsewhere": "Elsewhere:",
        "kind_person": "Person", "in_context": "Read in context", "related_entries": "Related entries",
        "read_more": "Read more", "as_of": "as of", "context_note": "Context note", "context_notes": "Context notes",
        "mentioned_in": "Mentioned in", "no_mentions": "No article mentions this entry yet.",
        "further_reading": "Further reading", "sources": "Sources", "note_sources": "Sources:",
        "published": "Published", "updated": "Updated",
        "reviewed": "Reviewed", "also_written": "Also written:", "back_to_text": "Back to the text",
        "no_entries": "No entries yet.", "no_events": "No dated events yet.",
        "people": "People", "glossary": "Glossary", "timeline": "Timeline",
        "kind_place": "Place", "kind_organisation": "Organisation", "kind_concept": "Concept",
        "kind_event": "Event", "kind_other": "Other",
        "group_place": "Places", "group_organisation": "Organisations", "group_concept": "Concepts",
        "group_event": "Events", "group_other": "Other",
        "close": "Close", "cards_switch": "Preview cards", "cards_on": "Preview cards are on",
        "cards_off": "Preview cards are off",
        "go_to_passage": "Go to the passage",
    },
    "uk": {
        "facts_as_of": "дані станом на", "elsewhere": "Деінде:",
        "kind_person": "Особа", "in_context": "Читати в контексті", "related_entries": "Пов’язані записи",
        "read_more": "Докладніше", "as_of": "станом на", "context_note": "Примітка", "context_notes": "Контекст",
        "mentioned_in": "Згадано в", "no_mentions": "Жодна стаття ще не згадує цей запис.",
        "further_reading": "Що ще почитати", "sources": "Джерела", "note_sources": "Джерела:",
        "published": "Опубліковано", "updated": "Оновлено",
        "reviewed": "Перевірено", "also_written": "Також пишуть:", "back_to_text": "Назад до тексту",
        "no_entries": "Записів ще немає.", "no_events": "Подій із датами ще немає.",
        "people": "Люди", "glossary": "Глосарій", "timeline": "Хронологія",
        "kind_place": "Місце", "kind_organisation": "Організація", "kind_concept": "Поняття",
        "kind_event": "Подія", "kind_other": "Інше",
        "group_place": "Місця", "group_organisation": "Організації", "group_concept": "Поняття",
        "group_event": "Події", "group_other": "Інше",
        "close": "Закрити", "cards_switch": "Картки з поясненнями", "cards_on": "Картки з поясненнями увімкнено",
        "cards_off": "Картки з поясненнями вимкнено",
        "go_to_passage": "Перейти до уривка",
    },
    "ru": {
        "facts_as_of": "данные на", "elsewhere": "В других источниках:",
        "kind_person": "Персона", "in_context": "Читать в контексте", "related_entries": "Связанные записи",
        "read_more": "Подробнее", "as_of": "на", "context_note": "Примечание", "context_notes": "Контекст",
        "mentioned_in": "Упоминается в", "no_mentions": "Ни одна статья пока не упоминает эту запись.",
        "further_reading": "Что почитать", "sources": "Источники", "note_sources": "Источники:",
        "published": "Опубликовано", "updated": "Обновлено",
        "reviewed": "Проверено", "also_written": "Другие написания:", "back_to_text": "Назад к тексту",
        "no_entries": "Записей пока нет.", "no_events": "Событий с датами пока нет.",
        "people": "Люди", "glossary": "Глоссарий", "timeline": "Хронология",
        "kind_place": "Место", "kind_organisation": "Организация", "kind_concept": "Понятие",
        "kind_event": "Событие", "kind_other": "Другое",
        "group_place": "Места", "group_organisation": "Организации", "group_concept": "Понятия",
        "group_event": "События", "group_other": "Другое",
        "close": "Закрыть", "cards_switch": "Карточки с пояснениями", "cards_on": "Карточки с пояснениями включены",
        "cards_off": "Карточки с пояснениями выключены",
        "go_to_passage": "Перейти к фрагменту",
    },
    "fr": {
        "facts_as_of": "faits au", "elsewhere": "Ailleurs\u00a0:",
        "kind_person": "Personne", "in_context": "Lire dans son contexte", "related_entries": "Fiches liées",
        "read_more": "En savoir plus", "as_of": "au",
        "context_note": "Note de contexte", "context_notes": "Notes de contexte",
        "mentioned_in": "Cité dans", "no_mentions": "Aucun article ne cite encore cette fiche.",
        "further_reading": "Pour aller plus loin", "sources": "Sources", "note_sources": "Sources\u00a0:",
        "published": "Publié le", "updated": "Mis à jour le",
        "reviewed": "Vérifié le", "also_written": "Autres graphies\u00a0:", "back_to_text": "Retour au texte",
        "no_entries": "Aucune fiche pour l’instant.", "no_events": "Aucun événement daté pour l’instant.",
        "people": "Personnes", "glossary": "Glossaire", "timeline": "Chronologie",
        "kind_place": "Lieu", "kind_organisation": "Organisation", "kind_concept": "Notion",
        "kind_event": "Événement", "kind_other": "Autre",
        "group_place": "Lieux", "group_organisation": "Organisations", "group_concept": "Notions",
        "group_event": "Événements", "group_other": "Autres",
        "close": "Fermer", "cards_switch": "Fiches au survol", "cards_on": "Fiches au survol activées",
        "cards_off": "Fiches au survol désactivées",
        "go_to_passage": "Aller au passage",
    },
    "de": {
        "facts_as_of": "Faktenstand", "elsewhere": "Anderswo:",
        "kind_person": "Person", "in_context": "Im Zusammenhang lesen", "related_entries": "Verwandte Einträge",
        "read_more": "Weiterlesen", "as_of": "Stand", "context_note": "Anmerkung", "context_notes": "Hintergrund",
        "mentioned_in": "Erwähnt in", "no_mentions": "Noch kein Artikel erwähnt diesen Eintrag.",
        "further_reading": "Weiterführende Lektüre", "sources": "Quellen", "note_sources": "Quellen:",
        "published": "Veröffentlicht am", "updated": "Aktualisiert am",
        "reviewed": "Geprüft am", "also_written": "Auch geschrieben:", "back_to_text": "Zurück zum Text",
        "no_entries": "Noch keine Einträge.", "no_events": "Noch keine datierten Ereignisse.",
        "people": "Personen", "glossary": "Glossar", "timeline": "Zeitleiste",
        "kind_place": "Ort", "kind_organisation": "Organisation", "kind_concept": "Begriff",
        "kind_event": "Ereignis", "kind_other": "Sonstiges",
        "group_place": "Orte", "group_organisation": "Organisationen", "group_concept": "Begriffe",
        "group_event": "Ereignisse", "group_other": "Sonstiges",
        "close": "Schließen", "cards_switch": "Infokarten", "cards_on": "Infokarten sind an",
        "cards_off": "Infokarten sind aus",
        "go_to_passage": "Zur Textstelle",
    },
}  # fmt: skip
"""Language → label key → text. Every language has every key (a test holds them to English's keys)."""

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    # Ukrainian and Russian name the month of a date in the genitive ("29 листопада").
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
           "жовтня", "листопада", "грудня"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
}  # fmt: skip

JS_LABELS = ("close", "cards_switch", "cards_on", "cards_off")
"""The labels the front end writes; the page carries them as `data-xp-label-*` attributes on <body>."""


class LabelError(ValueError):
    """A `labels:` override names a label the plugin does not write."""


def base_language(language: str | None) -> str:
    """'uk', 'pt_BR', 'de-AT' → the label table to use ('uk', 'en', 'de'); unknown → English."""
    code = (language or DEFAULT_LANGUAGE).replace("_", "-").split("-", 1)[0].lower()
    return code if code in LABELS else DEFAULT_LANGUAGE


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*")


class Labels(dict[str, str]):
    """The labels of one site: its language's table with the publisher's overrides on top.

    An override is a label's key and its text, for every language, or a language code holding
    such keys, for that language only (a site built once per language by mkdocs-static-i18n):
    `{"read_more": "More", "fr": {"read_more": "Lire la suite"}}`. The language's own win."""

    def __init__(self, language: str | None = None, overrides: Mapping[str, object] | None = None) -> None:
        self.language = base_language(language)
        super().__init__(LABELS[self.language])
        everywhere = {k: v for k, v in (overrides or {}).items() if not isinstance(v, Mapping)}
        by_language: dict[str, Mapping[str, object]] = {}
        for key, value in (overrides or {}).items():
            if isinstance(value, Mapping):
                code = _code(key)
                if not _LANGUAGE_CODE.fullmatch(code):
                    raise LabelError(f"{key!r} holds a list of labels, but it is not a language code (like `fr`)")
                _check(value, f"{key}.")
                by_language[code] = value
        _check(everywhere, "")
        self.update({k: str(v) for k, v in everywhere.items()})
        # The language's table first, then its region's own (`pt`, then `pt-br`).
        for code in dict.fromkeys((self.language, _code(language or DEFAULT_LANGUAGE))):
            self.update({k: str(v) for k, v in by_language.get(code, {}).items()})

    def date(self, value: dt.date) -> str:
        """The date as the language writes it: '29 November 2026', '29 листопада 2026', '1er mai 2026'."""
        month = MONTHS[self.language][value.month - 1]
        if self.language == "de":
            return f"{value.day}. {month} {value.year}"
        if self.language == "fr" and value.day == 1:
            return f"1er {month} {value.year}"
        return f"{value.day} {month} {value.year}"


def _code(language: str) -> str:
    return language.replace("_", "-").lower()


def _check(overrides: Mapping[str, object], prefix: str) -> None:
    unknown = sorted(set(overrides) - set(LABELS[DEFAULT_LANGUAGE]))
    if unknown:
        known = ", ".join(sorted(LABELS[DEFAULT_LANGUAGE]))
        names = ", ".join(repr(prefix + key) for key in unknown)
        raise LabelError(f"there is no label {names}; the labels are: {known}")
    for key, value in overrides.items():
        if not isinstance(value, str):
            raise LabelError(f"the label {prefix + key!r} must be text, not {type(value).__name__}")
