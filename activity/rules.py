import rules

from accounts.rules import is_bureau

may_read_audit = is_bureau
rules.add_perm("activity.view_auditevent", may_read_audit)
