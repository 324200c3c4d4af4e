"""One module per area; importing this package registers every metric."""

from cpkit.metrics.areas import (  # noqa: F401
    advocacy,
    apprenticeships,
    care_leavers,
    children_in_care,
    children_in_care_outcomes,
    corporate_parenting,
    iv,
    mentoring,
    participation,
    programmes,
)
