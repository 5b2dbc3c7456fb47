"""The error page of an infrastructure failure: a database that went away or a storage that
refuses writes answers 503 in Chinese with Retry-After; any other error the ordinary 500."""

import errno

import pytest
from django.db import InterfaceError, OperationalError

from core.views import server_error


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("terminating connection due to administrator command"),
        InterfaceError("connection already closed"),
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EROFS, "Read-only file system"),
    ],
)
def test_an_outage_answers_503_in_chinese(rf, error):
    try:
        raise error
    except Exception:
        response = server_error(rf.get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "服务暂时不可用" in response.content.decode()
    assert "本次操作没有保存" in response.content.decode()


@pytest.mark.parametrize("error", [ValueError("a bug"), OSError(errno.ENOENT, "missing")])
def test_anything_else_is_the_ordinary_server_error(rf, error):
    try:
        raise error
    except Exception:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "系统暂时出错" in response.content.decode()
