from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models

from common.validators import normalize_phone, phone_errors


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", "申报企业"
    DISTRICT = "district", "市、区主管部门"
    BUREAU = "bureau", "市知识产权局"
    EXPERT = "expert", "评审专家"
    FINANCE = "finance", "财政部门"


class UserManager(BaseUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """``createsuperuser`` makes a bureau admin: a superuser must not be an enterprise user without enterprise."""
        extra_fields.setdefault("role", Role.BUREAU)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. What it may see follows from its role and what it belongs to."""

    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    district = models.ForeignKey(
        "directory.District",
        verbose_name="所属市、区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
        help_text="市、区主管部门用户必填。",
    )
    enterprise = models.ForeignKey(
        "directory.Enterprise",
        verbose_name="所属企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="申报企业用户必填。",
    )

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="enterprise_user_has_enterprise",
                condition=~models.Q(role="enterprise") | models.Q(enterprise__isnull=False) | models.Q(is_active=False),
            ),
            models.CheckConstraint(
                name="district_official_has_district",
                condition=~models.Q(role="district") | models.Q(district__isnull=False),
            ),
        ]

    def __str__(self):
        return self.name or self.username

    def clean(self):
        super().clean()
        if self.role == Role.ENTERPRISE and self.is_active and not self.enterprise_id:
            raise ValidationError({"enterprise": "申报企业用户必须关联所属企业。"})
        if self.role == Role.DISTRICT and not self.district_id:
            raise ValidationError({"district": "市、区主管部门用户必须选择所属市、区。"})
        if self.role != Role.ENTERPRISE and self.enterprise_id:
            raise ValidationError({"enterprise": "只有申报企业用户可以关联企业。"})
        if self.role != Role.DISTRICT and self.district_id:
            raise ValidationError({"district": "只有市、区主管部门用户可以选择所属市、区。"})
        if problems := phone_errors(self.phone):
            raise ValidationError({"phone": problems})
        self.phone = normalize_phone(self.phone)

    @property
    def is_enterprise_user(self):
        return self.role == Role.ENTERPRISE

    @property
    def is_district_official(self):
        return self.role == Role.DISTRICT

    @property
    def is_bureau_admin(self):
        return self.role == Role.BUREAU

    @property
    def is_expert(self):
        return self.role == Role.EXPERT

    @property
    def is_finance_officer(self):
        return self.role == Role.FINANCE
