from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from core.forms import BootstrapMixin


class LoginForm(BootstrapMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }


class PortalPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    pass


class NoticePreferencesForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(label="电子邮箱", required=False)
    receives_digest = forms.BooleanField(
        label="接收每日待办邮件", required=False, help_text="每个工作日早上把本人的待办事项发到这个邮箱。"
    )
