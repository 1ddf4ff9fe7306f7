"""The inbox (every user), message preferences, and the bureau's audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common.feedback import require
from common.pagination import CappedPaginator

from .kinds import KINDS
from .messenger import message_open, messages_mark_all_read, preferences_set, wants_email
from .models import Message
from .rules import may_read_audit
from .selectors import audit_events, inbox_of

PAGE_SIZE = 25


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(inbox_of(request.user, unread_only=unread_only), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "activity/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
def message_detail(request, pk):
    """Opening a message marks it read; it then leads to the page it is about (when there is one)."""
    message = get_object_or_404(Message, pk=pk, recipient=request.user)
    message_open(message=message, by=request.user)
    if request.GET.get("go") == "1" and url_has_allowed_host_and_scheme(
        message.url, allowed_hosts={request.get_host()}
    ):
        return redirect(message.url)
    return render(request, "activity/message.html", {"message": message})


@login_required
@require_POST
def mark_all_read(request):
    count = messages_mark_all_read(user=request.user)
    messages.success(request, f"已将{count}条消息标为已读。" if count else "没有未读消息。")
    return redirect("activity:inbox")


@login_required
def preferences(request):
    kinds = sorted(KINDS.values(), key=lambda k: k.label)
    if request.method == "POST":
        preferences_set(
            user=request.user, email_by_kind={k.key: request.POST.get(f"email_{k.key}") == "on" for k in kinds}
        )
        messages.success(request, "消息设置已保存。")
        return redirect("activity:preferences")
    rows = [{"kind": k, "email": wants_email(request.user, k) if request.user.email else False} for k in kinds]
    return render(request, "activity/preferences.html", {"rows": rows, "has_email": bool(request.user.email)})


@login_required
def audit(request):
    require(may_read_audit, request.user, "只有市知识产权局可以查看操作审计。")
    from .forms import AuditFilterForm

    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(**{k: v for k, v in filters.items() if v})
    page = CappedPaginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "activity/audit.html", {"form": form, "page": page, "query": query.urlencode()})
