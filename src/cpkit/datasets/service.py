"""Service datasets: extracts from case-management systems and service spreadsheets."""

from __future__ import annotations

from dataclasses import replace

from cpkit.datasets.model import Column, Dataset, DateOrder

_DOB = Column("dob", "date", aliases=("date of birth", "birth date", "d.o.b"))
_GENDER = Column("gender", "code", codelist="gender", aliases=("sex", "gender identity"))
_ETHNICITY = Column(
    "ethnicity",
    "code",
    codelist="ethnicity",
    aliases=("ethnic origin", "ethnic group", "ethnicity code", "ethnic"),
)
_DISABILITY = Column(
    "disability", "bool", aliases=("disabled", "has disability", "disability y n", "sen disability")
)
_COHORT = Column(
    "cohort",
    "code",
    codelist="cohort",
    precedence=True,
    aliases=(
        "legal status",
        "status at referral",
        "child status",
        "cyp status",
        "category",
        "cohort at referral",
    ),
)
_CLOSED = Column(
    "closed_date", "date", aliases=("date closed", "closure date", "case closed", "closed")
)
# where an open case is counted (awaiting a match), the closure date decides the count
_STATUS_CLOSED = replace(_CLOSED, counting=True)

ADVOCACY_REFERRALS = Dataset(
    name="advocacy_referrals",
    name_hints=("advocacy", "advocate"),
    title="Advocacy referrals",
    unit="one row per referral to the advocacy service",
    key=("referral_id",),
    date_column="referral_date",
    columns=(
        Column(
            "referral_id",
            "id",
            required=True,
            aliases=(
                "referral no",
                "referral number",
                "referral ref",
                "referral reference",
                "ref no",
                "advocacy referral id",
            ),
        ),
        Column(
            "child_id",
            "person_id",
            required=True,
            aliases=(
                "person id",
                "child ref",
                "eclipse id",
                "client id",
                "cyp id",
                "young person id",
                "child number",
                "lcs id",
                "mosaic id",
            ),
        ),
        Column(
            "referral_date",
            "date",
            required=True,
            aliases=(
                "date of referral",
                "date referral received",
                "referral received",
                "referral received date",
                "date received",
            ),
        ),
        replace(_COHORT, required=True),  # datasets.md: required here, optional elsewhere
        _DOB,
        _GENDER,
        _ETHNICITY,
        _DISABILITY,
        Column(
            "disability_type",
            "text",
            aliases=("type of disability", "disability description", "nature of disability"),
        ),
        Column(
            "referral_source",
            "code",
            codelist="referral_source",
            aliases=(
                "source",
                "referrer",
                "referred by",
                "source of referral",
                "referral route",
                "referrer type",
            ),
        ),
        Column(
            "issue",
            "code",
            codelist="issue",
            aliases=(
                "primary issue",
                "main issue",
                "presenting issue",
                "reason for referral",
                "advocacy issue",
            ),
        ),
        Column(
            "icpc",
            "bool",
            aliases=(
                "referred at icpc",
                "icpc referral",
                "at icpc",
                "initial child protection conference",
            ),
        ),
        Column(
            "support_accessed",
            "bool",
            aliases=("accessed support", "took up support", "support taken up", "engaged"),
        ),
        Column(
            "advocate_id",
            "person_id",
            aliases=("advocate", "allocated advocate", "worker id", "advocate ref"),
        ),
        _CLOSED,
    ),
    rules=(DateOrder("dob", "referral_date"), DateOrder("referral_date", "closed_date")),
)

IV_REFERRALS = Dataset(
    name="iv_referrals",
    name_hints=("iv", "independent visitor", "independent visiting"),
    title="Independent visitor referrals",
    unit="one row per child referred to the independent visitor service",
    key=("referral_id",),
    date_column="referral_date",
    columns=(
        Column(
            "referral_id",
            "id",
            required=True,
            aliases=("referral no", "referral number", "iv referral id", "referral ref"),
        ),
        Column(
            "child_id",
            "person_id",
            required=True,
            aliases=(
                "person id",
                "child ref",
                "eclipse id",
                "client id",
                "cyp id",
                "young person id",
            ),
        ),
        Column(
            "referral_date",
            "date",
            required=True,
            aliases=("date of referral", "date referral received", "referral received"),
        ),
        _DOB,
        _GENDER,
        _ETHNICITY,
        _DISABILITY,
        Column(
            "location",
            "code",
            codelist="location",
            aliases=("placement location", "where living", "lives", "living"),
        ),
        Column(
            "match_date",
            "date",
            counting=True,  # decides matched or awaiting
            aliases=("date matched", "matched date", "match start", "match start date"),
        ),
        Column(
            "volunteer_id",
            "person_id",
            aliases=("iv id", "independent visitor id", "volunteer", "matched volunteer"),
        ),
        Column(
            "match_end_date",
            "date",
            counting=True,
            aliases=("match ended", "match end", "date match ended"),
        ),
        _STATUS_CLOSED,
        Column(
            "closure_reason",
            "text",
            aliases=("reason closed", "closure reason", "reason for closure"),
        ),
    ),
    rules=(
        DateOrder("dob", "referral_date"),
        DateOrder("referral_date", "match_date"),
        DateOrder("match_date", "match_end_date"),
        DateOrder("referral_date", "closed_date"),
        DateOrder(
            "match_date",
            "closed_date",
            severity="warning",
            why="matched after the referral was closed (reopened without clearing the "
            "closure?); counted as matched from the match date",
        ),
    ),
)

IV_VOLUNTEERS = Dataset(
    name="iv_volunteers",
    name_hints=("iv", "independent visitor", "volunteer"),
    title="Independent visitor volunteers",
    unit="one row per independent visitor volunteer",
    key=("volunteer_id",),
    date_column="approval_date",
    columns=(
        Column(
            "volunteer_id",
            "person_id",
            required=True,
            aliases=("iv id", "independent visitor id", "volunteer ref", "volunteer number"),
        ),
        Column(
            "approval_date",
            "date",
            required=True,
            aliases=("date approved", "approved", "approved date", "panel date"),
        ),
        Column("application_date", "date", aliases=("date applied", "application received")),
        Column(
            "end_date", "date", counting=True, aliases=("date ended", "left", "date left", "end")
        ),
        _GENDER,
        _DOB,
        _ETHNICITY,
        Column(
            "recruitment_channel",
            "text",
            aliases=("recruited via", "how heard", "recruitment source", "channel"),
        ),
    ),
    rules=(DateOrder("application_date", "approval_date"), DateOrder("approval_date", "end_date")),
)

MENTEES = Dataset(
    name="mentees",
    name_hints=("mentee", "mentoring", "develop me"),
    title="Mentoring: mentees",
    unit="one row per young person referred for a mentor",
    key=("mentee_id",),
    date_column="referral_date",
    columns=(
        Column(
            "mentee_id",
            "person_id",
            required=True,
            aliases=("young person id", "mentee ref", "yp id", "person id"),
        ),
        Column(
            "referral_date",
            "date",
            required=True,
            aliases=("date of referral", "date referred", "referral received"),
        ),
        _DOB,
        _GENDER,
        _COHORT,
        Column(
            "match_date",
            "date",
            counting=True,
            aliases=("date matched", "matched date", "match start"),
        ),
        Column("mentor_id", "person_id", aliases=("mentor", "mentor ref", "matched mentor")),
        Column("match_end_date", "date", counting=True, aliases=("match ended", "match end")),
        _STATUS_CLOSED,
        Column(
            "outcome",
            "code",
            codelist="mentoring_outcome",
            aliases=("outcome achieved", "destination", "result"),
        ),
        Column(
            "outcome_date",
            "date",
            counting=True,  # places the outcome in a year
            aliases=("date of outcome", "outcome achieved date"),
        ),
    ),
    rules=(
        DateOrder("dob", "referral_date"),
        DateOrder("referral_date", "match_date"),
        DateOrder("match_date", "match_end_date"),
    ),
)

MENTORS = Dataset(
    name="mentors",
    name_hints=("mentor", "mentoring", "develop me"),
    title="Mentoring: mentors",
    unit="one row per approved mentor",
    key=("mentor_id",),
    date_column="approval_date",
    columns=(
        Column("mentor_id", "person_id", required=True, aliases=("mentor ref", "mentor number")),
        Column(
            "approval_date",
            "date",
            required=True,
            aliases=("date approved", "approved", "approved date"),
        ),
        Column("end_date", "date", counting=True, aliases=("date ended", "left", "date left")),
        _GENDER,
        Column("organisation", "text", aliases=("employer", "company", "business")),
    ),
    rules=(DateOrder("approval_date", "end_date"),),
)

PROGRAMME_PARTICIPANTS = Dataset(
    name="programme_participants",
    name_hints=("programme", "participant", "next steps"),
    title="Funded programme participants",
    unit="one row per young person enrolled on a funded programme",
    key=("programme", "participant_id"),
    date_column="enrolment_date",
    columns=(
        Column(
            "programme",
            "programme",
            required=True,
            aliases=("programme name", "scheme", "programme title", "project"),
        ),
        Column(
            "participant_id",
            "person_id",
            required=True,
            aliases=("young person id", "yp id", "person id", "participant ref"),
        ),
        Column(
            "enrolment_date",
            "date",
            required=True,
            aliases=("date enrolled", "enrolled", "start date", "sign up date"),
        ),
        _DOB,
        _COHORT,
        Column("neet_at_enrolment", "bool", aliases=("neet", "neet on entry", "neet at start")),
        Column(
            "exit_date",
            "date",
            future_ok=True,
            counting=True,
            aliases=("date left", "left", "end date"),
        ),
        Column("provider", "text", aliases=("delivery partner", "partner")),
    ),
    rules=(DateOrder("dob", "enrolment_date"), DateOrder("enrolment_date", "exit_date")),
)

APPRENTICES = Dataset(
    name="apprentices",
    name_hints=("apprentice", "apprenticeship"),
    title="Apprentices",
    unit="one row per apprenticeship (a person in a post)",
    key=("apprentice_id",),
    date_column="start_date",
    columns=(
        Column(
            "apprentice_id",
            "person_id",
            required=True,
            aliases=("apprentice ref", "employee id", "person id"),
        ),
        Column("start_date", "date", required=True, aliases=("date started", "started")),
        Column(
            "funding",
            "code",
            codelist="funding",
            required=True,
            aliases=("funded by", "funding source", "funder"),
        ),
        Column("role", "text", aliases=("post", "job title", "apprenticeship role")),
        Column("host_service", "text", aliases=("service", "team", "host team")),
        Column(
            "level",
            "code",
            codelist="level",
            aliases=("apprenticeship level", "qualification level"),
        ),
        Column(
            "end_date",
            "date",
            future_ok=True,
            counting=True,  # decides in post, and completions
            aliases=("date ended", "completion date", "planned end date", "end"),
        ),
        Column("epa_date", "date", aliases=("end point assessment date", "date of epa")),
        Column(
            "epa_grade",
            "code",
            codelist="epa_grade",
            aliases=("end point assessment grade", "grade", "epa result"),
        ),
        Column(
            "destination",
            "code",
            codelist="destination",
            aliases=("next step", "destination after apprenticeship"),
        ),
        Column("care_experienced", "bool", aliases=("care leaver", "care experienced y n")),
    ),
    rules=(DateOrder("start_date", "end_date"), DateOrder("start_date", "epa_date")),
)

PARTICIPATION_EVENTS = Dataset(
    name="participation_events",
    name_hints=("participation", "event", "session"),
    title="Participation events and group sessions",
    unit="one row per event or group session",
    key=("event_id",),
    date_column="event_date",
    columns=(
        Column("event_id", "id", required=True, aliases=("session id", "event ref", "ref")),
        Column(
            "event_date", "date", required=True, aliases=("date", "session date", "date of event")
        ),
        Column(
            "event_type",
            "code",
            codelist="event_type",
            required=True,
            aliases=("type", "type of event", "activity type"),
        ),
        Column("group", "text", aliases=("group name", "forum")),
        Column("title", "text", aliases=("event", "event name", "description")),
        Column(
            "attendees",
            "int",
            minimum=0,
            aliases=("attendance", "total attendees", "number attending", "people attending"),
        ),
        Column(
            "young_people",
            "int",
            minimum=0,
            aliases=("young people attending", "cyp attending", "children and young people"),
        ),
        Column("paid", "bool", aliases=("paid consultation", "young people paid")),
    ),
)

BOARD_MEETINGS = Dataset(
    name="board_meetings",
    name_hints=("board", "corporate parenting", "meeting"),
    title="Corporate parenting board meetings",
    unit="one row per board meeting",
    key=("meeting_date",),
    date_column="meeting_date",
    columns=(
        Column(
            "meeting_date",
            "date",
            required=True,
            aliases=("date of board", "board date", "meeting"),
        ),
        Column(
            "themes",
            "themes",
            required=True,
            aliases=("pledge themes", "theme", "pledges", "themes covered"),
        ),
        Column("takeover", "bool", aliases=("takeover board", "young people takeover")),
        Column("agenda", "text", aliases=("agenda items", "items")),
    ),
)

BOARD_ACTIONS = Dataset(
    name="board_actions",
    name_hints=("board", "corporate parenting", "action", "ask"),
    title="Corporate parenting board asks and actions",
    unit="one row per ask raised at the board",
    key=("action_id",),
    date_column="raised_date",
    columns=(
        Column("action_id", "id", required=True, aliases=("ask id", "action ref", "ref")),
        Column(
            "raised_date", "date", required=True, aliases=("date raised", "raised", "date of ask")
        ),
        Column(
            "ask",
            "text",
            required=True,
            aliases=("what you said", "ask from young people", "the ask"),
        ),
        Column("theme", "text", aliases=("pledge theme", "pledge")),
        Column("status", "code", codelist="action_status", aliases=("progress", "rag status")),
        Column(
            "delivered_date",
            "date",
            counting=True,
            aliases=("date delivered", "completed", "date completed"),
        ),
        Column(
            "response",
            "text",
            aliases=("what we did", "what we have done", "what we've done", "action taken"),
        ),
    ),
    rules=(DateOrder("raised_date", "delivered_date"),),
)

SERVICE_DATASETS = (
    ADVOCACY_REFERRALS,
    IV_REFERRALS,
    IV_VOLUNTEERS,
    MENTEES,
    MENTORS,
    PROGRAMME_PARTICIPANTS,
    APPRENTICES,
    PARTICIPATION_EVENTS,
    BOARD_MEETINGS,
    BOARD_ACTIONS,
)
