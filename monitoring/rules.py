"""Who may see and who may change the monitoring records (S7) and the F6 recommendations.

Decision: the bureau enters, imports and corrects the indicator records, records the evaluation and the F6
recommendations; a district official reads the records of its own district's enterprises; an enterprise user
reads its own enterprise's records (read-only: the bureau's figures are what counts). Everyone else sees nothing.
"""

import rules

from accounts.rules import is_bureau, is_district_official, is_enterprise_user


@rules.predicate
def is_own_enterprise_record(user, enterprise):
    """``enterprise`` (an Enterprise) is the user's own."""
    return enterprise is not None and user.enterprise_id is not None and user.enterprise_id == enterprise.pk


@rules.predicate
def is_enterprise_of_district(user, enterprise):
    return enterprise is not None and user.district_id is not None and user.district_id == enterprise.district_id


may_view_records = (
    is_bureau | (is_district_official & is_enterprise_of_district) | (is_enterprise_user & is_own_enterprise_record)
)
may_see_monitoring_list = is_bureau | is_district_official
may_manage_monitoring = is_bureau

rules.add_perm("monitoring.view_records", may_view_records)
rules.add_perm("monitoring.manage", may_manage_monitoring)

BUREAU_ONLY = "只有市知识产权局可以录入、导入或修改考评监测数据。"
