"""The metric areas: CLI names, metric id prefixes and titles (no imports, so the CLI can
list them without loading the metric layer)."""

# CLI area name -> metric id prefix
AREAS: dict[str, str] = {
    "advocacy": "advocacy",
    "iv": "iv",
    "mentoring": "mentoring",
    "programmes": "programmes",
    "apprenticeships": "apprenticeships",
    "participation": "participation",
    "corporate-parenting": "corporate_parenting",
    "care-leavers": "care_leavers",
}
AREA_TITLES: dict[str, str] = {
    "advocacy": "Advocacy",
    "iv": "Independent visitors",
    "mentoring": "Develop Me mentoring",
    "programmes": "Funded programmes",
    "apprenticeships": "Apprenticeships",
    "participation": "Participation",
    "corporate-parenting": "Corporate parenting board",
    "care-leavers": "Care leavers",
}
