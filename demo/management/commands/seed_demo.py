"""``python manage.py seed_demo``: demo data in every phase of the lifecycle; safe to run again."""

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.seed import NAMED_USERNAMES, PASSWORD, seed_demo
from projects.enums import Status

KINDS = {"calls": "年度申报指南", "users": "用户", "enterprises": "企业", "projects": "项目", "reminders": "截止提醒"}


class Command(BaseCommand):
    help = "生成演示数据：三个年度的申报指南、演示账号、约30家虚构企业及处于各阶段的项目（可重复运行，不会重复创建）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="在生产环境设置下也运行（演示账号使用公开密码，请勿用于正式系统）。"
        )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production") and not options["force"]:
            raise CommandError("当前为生产环境设置：演示账号使用公开密码，默认不生成演示数据。确需生成，请加 --force。")
        # The demo's history sends a few hundred e-mails to @example.com addresses: they go to a test mailbox, not
        # the console, so that `make demo` stays readable. Real e-mails of the running demo go to the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            result = seed_demo()
            mailed = len(mail.outbox)
        created = "，".join(f"{label}{result.created[kind]}个" for kind, label in KINDS.items())
        self.stdout.write(f"演示数据已就绪。本次新建：{created}。")
        self.stdout.write(f"项目共{sum(result.status_counts.values())}个，按状态：")
        for status, count in result.status_counts.items():
            self.stdout.write(f"  {Status(status).label}：{count}")
        self.stdout.write(f"演示通知邮件{mailed}封（收件地址均为 example.com 示例邮箱，未在控制台显示）。")
        self.stdout.write(f"演示账号：{'、'.join(NAMED_USERNAMES)}；密码均为 {PASSWORD}")
