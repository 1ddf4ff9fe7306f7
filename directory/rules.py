"""Access to the directory: who may review a sign-up request, who may correct an enterprise."""

import rules

from accounts.rules import is_bureau, is_district_of, is_district_official

may_review_registration = is_bureau | (is_district_official & is_district_of)
rules.add_perm("directory.review_registration", may_review_registration)
