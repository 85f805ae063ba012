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

The form is built from the parts every filter page shares (core.query_forms: the GET form
base, the date range, the page number).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from wtforms import (
    BooleanField,
    HiddenField,
    SearchField,
    SelectField,
    SelectMultipleField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from core.forms import RememberedSelect
from core.i18n import lazy_gettext as _l
from core.query_forms import (
    QueryForm,
    clean_choices,
    date_from_field,
    date_to_field,
    no_control_characters,
    page_field,
)
from exports.portfolio import SORTABLE, PortfolioFilter
from intake.models import STATUSES

PER_PAGE = 25
MAX_SEARCH = 200
MAX_DEPARTMENT = 40
DEFAULT_SORT = "submitted"
NEWEST_FIRST = frozenset({"submitted", "updated"})
SORT_DIRECTIONS = ("asc", "desc")

_DEPARTMENT_CODE = re.compile(r"[A-Za-z0-9_-]+")
_ACCOUNT_ID = re.compile(r"[0-9]{1,9}")
AGREEMENT_CHOICES = {"signed": True, "unsigned": False}

SORT_MESSAGE = _l("The table cannot be sorted that way.")


class FilterError(ValueError):
    """A query-string value that cannot be used; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


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
