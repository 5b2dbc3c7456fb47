from django.conf import settings
from django.core.checks import Warning, register

MINIMUM_RETENTION_DAYS = 180  # 网络安全法 第二十一条: network logs are kept at least six months


@register(deploy=True)
def retention_check(app_configs, **kwargs):
    if settings.AUDIT_RETENTION_DAYS < MINIMUM_RETENTION_DAYS:
        return [
            Warning(
                f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}; the law asks for at "
                f"least {MINIMUM_RETENTION_DAYS} days of security audit records.",
                id="audit.W001",
            )
        ]
    return []
