"""The staff dashboard's filter: a WTForms form read from the query string (GET), whose valid
values make the PortfolioFilter the dashboard shows and the workbook download exports.

The dashboard renders this form and links to the workbook with the same query string, so
"download what I see" holds by construction. Names: status (repeatable), department, from,
to (YYYY-MM-DD, on the preferred start), q (search), mine (my explorations: the signed-in
person is on the CDS team), member (a staff account's id on the team), agreement (signed |
unsigned), sort (a SORTABLE column), dir (asc|desc), page. A filter names the member by id
(`portfolio_query_args`), so a download or a job does not depend on who runs it.
Anyone can edit a URL, so every value is validated: the dashboard shows a bad value's
message next to its field and leaves the value out of the filter (answering 400); the download
refuses it (FilterError, 400); never a 500 and never a silently different file.

The pieces every filter page shares (the GET form base, the date range, the page number) are
here too, so the audit log's form (staff.filters) is built from the same parts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    Field,
    Form,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from core.forms import RememberedSelect, is_choice_group, page_locales, strip_text
from core.i18n import lazy_gettext as _l
from exports.portfolio import SORTABLE, PortfolioFilter
from intake.models import STATUSES

PER_PAGE = 25
MAX_PAGE = 100_000
MAX_SEARCH = 200
MAX_DEPARTMENT = 40
DEFAULT_SORT = "submitted"
NEWEST_FIRST = frozenset({"submitted", "updated"})
SORT_DIRECTIONS = ("asc", "desc")

# What a date control posts, and what a person is asked to type when there is no control:
# ASCII digits only (int() and strptime() also take other scripts' digits).
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PAGE_NUMBER = re.compile(r"[0-9]{1,6}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DEPARTMENT_CODE = re.compile(r"[A-Za-z0-9_-]+")
_ACCOUNT_ID = re.compile(r"[0-9]{1,9}")
AGREEMENT_CHOICES = {"signed": True, "unsigned": False}

DATE_MESSAGE = _l("Enter the date as year-month-day, like 2027-03-15.")
PAGE_MESSAGE = _l("The page number must be a whole number from 1 up.")
SORT_MESSAGE = _l("The table cannot be sorted that way.")


class FilterError(ValueError):
    """A query-string value that cannot be used; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def query_data(args: Mapping[str, Any]) -> MultiDict:
    """`args` as the multi-valued mapping WTForms reads (request.args already is one)."""
    return args if isinstance(args, MultiDict) else MultiDict(args)


class IsoDateField(DateField):
    """A date as a date control posts it (YYYY-MM-DD), shown back as typed when it is not one
    (a date control cannot hold such text, so the template then renders a text box)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = next((str(v).strip() for v in valuelist if str(v).strip()), "")
        self.data = None
        if not text:
            return
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            self.data = date.fromisoformat(text)
        except ValueError:
            raise ValueError(self.invalid_value_message) from None

    def _value(self) -> str:
        # WTForms' documented hook for what a widget shows: the date, else the text as typed.
        if self.data is not None:
            return self.data.isoformat()
        return self.typed()

    def typed(self) -> str:
        return next((str(v).strip() for v in self.raw_data or () if str(v).strip()), "")

    @property
    def typed_text(self) -> bool:
        """True when what came is text that is not a date (shown in a text box)."""
        return self.data is None and bool(self.typed())


class PageField(IntegerField):
    """The page number of a paged list: ASCII digits from 1 to MAX_PAGE, else a message (a
    superscript "²", which str.isdigit() takes and int() refuses, and a number of a thousand
    digits, which int() also refuses, included)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        if not _PAGE_NUMBER.fullmatch(text) or not 1 <= int(text) <= MAX_PAGE:
            raise ValueError(self.invalid_value_message)
        self.data = int(text)


def clean_choices(values: list[str] | None) -> list[str]:
    """A repeatable parameter's values: stripped, without blanks and repeats, in order."""
    return list(dict.fromkeys(v.strip() for v in values or () if v and v.strip()))


def no_control_characters(_form: Form, field: Field) -> None:
    """Refuse control characters; the text is shown back without them (HTML cannot carry
    them), and, being in error, filters nothing."""
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        field.data = _CONTROL.sub("", field.data)
        raise ValidationError(_l("Remove the special control characters."))


def date_range_end(form: Form, field: IsoDateField) -> None:
    """The end of a range may not come before its start (the date_to field's validator)."""
    start = form.date_from.data
    if start and field.data and field.data < start:
        raise ValidationError(_l("The end of the range must be on or after its start."))


def date_from_field() -> IsoDateField:
    return IsoDateField(
        _l("From"), validators=[Optional()], name="from", invalid_value_message=DATE_MESSAGE
    )


def date_to_field() -> IsoDateField:
    return IsoDateField(
        _l("To"),
        validators=[Optional(), date_range_end],
        name="to",
        invalid_value_message=DATE_MESSAGE,
    )


def page_field() -> PageField:
    return PageField(validators=[Optional()], invalid_value_message=PAGE_MESSAGE)


class QueryForm(Form):
    """A filter form read from a query string: plain WTForms (a GET form carries no CSRF
    token), text stripped, and a one-value parameter given two different values refused.

    Field ids are `id_prefix` and the parameter's name, so two forms on one site can use the
    same names; `error_targets` names the element the error summary links to for a parameter
    without a control of its own (the page number, the sort order)."""

    id_prefix = "filter"
    error_targets: Mapping[str, str] = {}

    class Meta:
        locales = property(lambda _meta: page_locales())

        def bind_field(self, form: Form, unbound_field: Any, options: dict) -> Field:
            # The unbound field is shared by every instance of the form class: never mutate it.
            kwargs = unbound_field.kwargs
            filters = [strip_text, *(kwargs.get("filters") or [])]
            name = kwargs.get("name") or options["name"]
            field_id = kwargs.get("id") or f"{form.id_prefix}-{name}"
            return unbound_field.bind(form=form, **{**options, "filters": filters, "id": field_id})

    def __init__(self, args: Mapping[str, Any]) -> None:
        super().__init__(query_data(args))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, SelectMultipleField):
                continue
            values = {str(v).strip() for v in field.raw_data or () if str(v).strip()}
            if len(values) > 1:
                field.errors = [_l("Give only one value."), *field.errors]
                valid = False
        return valid

    def valid_data(self, field: Field) -> Any:
        """The field's value when it passed validation, else None (a bad value filters
        nothing)."""
        return None if field.errors else field.data or None

    @property
    def page_number(self) -> int:
        """The page asked for: 1 unless a valid page field says otherwise."""
        return self.valid_data(self["page"]) or 1

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(element id, message) pairs for the error summary, in form order."""
        return [
            (self.error_targets.get(field.name) or _first_control(field), str(field.errors[0]))
            for field in self
            if field.errors
        ]


def _first_control(field: Field) -> str:
    """A group of checkboxes is linked to by its first box (drawn with WTForms' own ids), so
    the summary's link puts focus on a control; any other field by its id."""
    if is_choice_group(field):
        first = next(iter(field), None)
        if first is not None:
            return first.id
    return field.id


class PortfolioFilterForm(QueryForm):
    """The dashboard's filter. `departments`, when given, is the set of known codes; without
    it a department code is checked for its shape only (codes in use, or a download)."""

    id_prefix = "filter"
    error_targets = {"sort": "results-title", "dir": "results-title", "page": "results-title"}

    q = SearchField(
        _l("Search"),
        validators=[
            Length(max=MAX_SEARCH, message=_l("Enter %(max)d characters or fewer.")),
            no_control_characters,
        ],
    )
    department = SelectField(
        _l("Department"), choices=[], validate_choice=False, widget=RememberedSelect()
    )
    status = SelectMultipleField(
        _l("Status"),
        choices=[SelectChoice(code, code) for code in STATUSES],
        filters=[clean_choices],
        invalid_choice_message=_l("Choose statuses from the list."),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    mine = BooleanField(_l("My explorations"))
    member = SelectField(_l("Team member"), choices=[], validate_choice=False)
    agreement = SelectField(
        _l("Agreement"),
        choices=[
            SelectChoice("", _l("Signed or not")),
            SelectChoice("signed", _l("Signed")),
            SelectChoice("unsigned", _l("Not signed yet")),
        ],
        validate_choice=False,
    )
    date_from = date_from_field()
    date_to = date_to_field()
    sort = HiddenField(default=DEFAULT_SORT)
    direction = HiddenField(name="dir")
    page = page_field()

    def __init__(
        self,
        args: Mapping[str, Any],
        departments: set[str] | frozenset[str] | None = None,
        *,
        me: int | None = None,
        accounts: set[int] | frozenset[int] | None = None,
    ) -> None:
        """`me`: the signed-in person's account id ("my explorations"); `accounts`, when
        given, the ids a team member may be chosen from (else an id is checked for its
        shape only)."""
        self.known_departments = departments
        self.me = me
        self.known_accounts = accounts
        super().__init__(args)

    def validate_mine(self, field: BooleanField) -> None:
        if field.data and self.me is None:
            raise ValidationError(_l("Choose a team member instead."))

    def validate_agreement(self, field: SelectField) -> None:
        if field.data and field.data not in AGREEMENT_CHOICES:
            raise ValidationError(_l("Choose an option from the list."))

    def validate_member(self, field: SelectField) -> None:
        code = field.data or ""
        if not code:
            return
        if not _ACCOUNT_ID.fullmatch(code) or (
            self.known_accounts is not None and int(code) not in self.known_accounts
        ):
            raise ValidationError(_l("Choose a team member from the list."))
        if self.mine.data and int(code) != self.me:
            raise ValidationError(_l("Choose “My explorations” or another team member, not both."))

    def validate_department(self, field: SelectField) -> None:
        code = field.data or ""
        if code and (
            len(code) > MAX_DEPARTMENT
            or not _DEPARTMENT_CODE.fullmatch(code)
            or (self.known_departments is not None and code not in self.known_departments)
        ):
            raise ValidationError(_l("Choose a department from the list."))

    def validate_sort(self, field: HiddenField) -> None:
        if field.data and field.data not in SORTABLE:
            raise ValidationError(SORT_MESSAGE)

    def validate_direction(self, field: HiddenField) -> None:
        if field.data and field.data not in SORT_DIRECTIONS:
            raise ValidationError(SORT_MESSAGE)

    def offer(
        self,
        statuses: Mapping[str, str],
        departments: list[tuple[str, str]],
        everyone: str,
        members: Sequence[tuple[int, str]] = (),
        anyone: str = "",
    ) -> PortfolioFilterForm:
        """Give the controls their words: status labels, the department list after its
        "all departments" option, and the staff accounts after "anyone"."""
        self.status.choices = [SelectChoice(code, statuses[code]) for code in STATUSES]
        self.department.choices = [
            SelectChoice("", everyone),
            *(SelectChoice(code, name) for code, name in departments),
        ]
        self.member.choices = [
            SelectChoice("", anyone),
            *(SelectChoice(str(uid), name) for uid, name in members),
        ]
        return self

    @property
    def team_member(self) -> int | None:
        """The account the team filter names: me for "my explorations", else the member."""
        if self.mine.data and not self.mine.errors and not self.member.errors:
            return self.me
        member = self.valid_data(self.member)
        return int(member) if member else None

    @property
    def filters(self) -> PortfolioFilter:
        """The PortfolioFilter of the values that passed validation (call after validate())."""
        sort = self.valid_data(self.sort) or DEFAULT_SORT
        direction = self.valid_data(self.direction)
        if not direction:
            # Dates read newest first; names and codes read A to Z.
            direction = "desc" if sort in NEWEST_FIRST else "asc"
        return PortfolioFilter(
            statuses=tuple(s for s in self.status.data or () if s in STATUSES),
            department=self.valid_data(self.department),
            start_from=self.valid_data(self.date_from),
            start_to=self.valid_data(self.date_to),
            search=self.valid_data(self.q),
            sort=sort,
            descending=direction == "desc",
            team_member=self.team_member,
            agreement_signed=AGREEMENT_CHOICES.get(self.valid_data(self.agreement) or ""),
        )


def filter_from_args(
    args: Mapping[str, Any], departments: set[str] | None = None, *, me: int | None = None
) -> PortfolioFilter:
    """The PortfolioFilter a download link names; FilterError for the first bad value."""
    form = PortfolioFilterForm(args, departments, me=me)
    if not form.validate():
        for field in form:
            if field.errors and field.name != "page":  # a download has no pages
                name = "sort" if field.name == "dir" else field.name
                raise FilterError(name, str(field.errors[0]))
    return form.filters


def portfolio_query_args(filters: PortfolioFilter) -> dict[str, Any]:
    """The query string that names `filters` (for links: sort headers, pages, downloads)."""
    args: dict[str, Any] = {}
    if filters.statuses:
        args["status"] = list(filters.statuses)
    if filters.department:
        args["department"] = filters.department
    if filters.start_from:
        args["from"] = filters.start_from.isoformat()
    if filters.start_to:
        args["to"] = filters.start_to.isoformat()
    if filters.search:
        args["q"] = filters.search
    if filters.team_member is not None:
        args["member"] = str(filters.team_member)
    if filters.agreement_signed is not None:
        args["agreement"] = "signed" if filters.agreement_signed else "unsigned"
    args["sort"] = filters.sort
    args["dir"] = "desc" if filters.descending else "asc"
    return args
