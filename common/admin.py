"""Admin base mixins shared by every app."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """Rows that services write: the admin shows them and never adds, changes or deletes them."""

    def get_fields(self, request, obj=None):
        if self.fields:
            return self.fields
        excluded = set(self.exclude or ())
        return [f.name for f in self.model._meta.fields if not f.auto_created and f.name not in excluded]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True
