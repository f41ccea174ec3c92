"""The one place that reads the environment, and the one resolver of settings.

Every entry point — the library's :func:`config_from_env`, and each CLI command — builds its
:class:`ExtractConfig` here: explicit arguments (CLI flags) win over environment variables, which
win over defaults. An option that cannot apply (a rate limit without any LLM, ``--prompt`` with
``--backend rules``) is a :class:`ConfigurationError`, never silently ignored.

Variables: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``CLAIMEX_MODEL``, ``CLAIMEX_PROMPT``,
``CLAIMEX_BACKEND`` (auto, llm, rules) and ``CLAIMEX_CACHE_DIR``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

from pydantic import SecretStr, ValidationError

from claimex.core.config import Backend, ExtractConfig, LLMConfig
from claimex.core.errors import ConfigurationError

__all__ = ["OPTION_NAMES", "config_from_env", "default_cache_dir"]

# How each LLM option is spelled on the command line, for messages a CLI user can act on.
OPTION_NAMES = {
    "model": "--model",
    "prompt": "--prompt",
    "requests_per_minute": "--rpm",
    "tokens_per_minute": "--tpm",
    "cache": "--cache",
    "cache_dir": "--cache-dir",
    "timeout_s": "--timeout",
    "max_transport_retries": "--retries",
}
_NOT_WITH_RULES = ("prompt", "requests_per_minute", "tokens_per_minute", "cache", "cache_dir")


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$CLAIMEX_CACHE_DIR``, else ``~/.cache/claimex/llm``."""
    env = os.environ if env is None else env
    given = env.get("CLAIMEX_CACHE_DIR")
    return Path(given) if given else Path.home() / ".cache" / "claimex" / "llm"


def _backend(given: str | None, env: Mapping[str, str]) -> Backend:
    choices = get_args(Backend)
    if given is not None:
        if given not in choices:
            raise ConfigurationError(f"unknown backend {given!r}: use {', '.join(choices)}")
        return given  # type: ignore[return-value]
    raw = env.get("CLAIMEX_BACKEND") or "auto"
    if raw not in choices:
        raise ConfigurationError(
            f"CLAIMEX_BACKEND={raw!r} is not a backend: set it to {', '.join(choices)} or unset it"
        )
    return raw  # type: ignore[return-value]


def _flag(name: str) -> str:
    return OPTION_NAMES.get(name, name)


def config_from_env(
    env: Mapping[str, str] | None = None,
    *,
    backend: Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    prompt: str | None = None,
    rules_profile: str | None = None,
    reference_date: dt.date | None = None,
    max_chars: int | None = None,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    cache: bool | None = None,
    cache_dir: Path | None = None,
    timeout_s: float | None = None,
    max_transport_retries: int | None = None,
    llm_defaults: Mapping[str, Any] | None = None,
) -> ExtractConfig:
    """Build an :class:`ExtractConfig` from arguments, then ``OPENAI_API_KEY``,
    ``OPENAI_BASE_URL``, ``CLAIMEX_MODEL``, ``CLAIMEX_PROMPT`` and ``CLAIMEX_BACKEND``, then
    defaults. ``None`` means "not given".

    An LLM counts as configured when there is an API key or a base URL (local servers such as
    llama.cpp need no key). ``llm_defaults`` are defaults of the caller's own (the CLI caches
    replies unless told not to; an evaluation replays cassettes with the model and server that
    recorded them); the environment wins over them, and they never make a configuration invalid.
    Raises :class:`ConfigurationError` for a bad ``CLAIMEX_BACKEND`` and for LLM options that
    cannot apply.
    """
    env = os.environ if env is None else env
    defaults = dict(llm_defaults or {})
    chosen = _backend(backend, env)
    key = env.get("OPENAI_API_KEY") or None
    url = base_url or env.get("OPENAI_BASE_URL") or defaults.pop("base_url", None) or None
    model = model or None
    default_model = env.get("CLAIMEX_MODEL") or defaults.pop("model", None)
    explicit = {
        "model": model,
        "prompt": prompt,
        "requests_per_minute": requests_per_minute,
        "tokens_per_minute": tokens_per_minute,
        "cache": cache or None,  # --no-cache always applies
        "cache_dir": cache_dir,
        "timeout_s": timeout_s,
        "max_transport_retries": max_transport_retries,
    }
    given = [name for name, value in explicit.items() if value is not None]
    if given and not (key or url):
        raise ConfigurationError(
            f"{_flag(given[0])} applies to an LLM and none is configured: set OPENAI_API_KEY "
            "or OPENAI_BASE_URL (CLI: --base-url)",
            option=_flag(given[0]),
        )
    if chosen == "rules" and (stray := [n for n in _NOT_WITH_RULES if n in given]):
        raise ConfigurationError(
            f"{_flag(stray[0])} does not apply with backend 'rules'", option=_flag(stray[0])
        )
    llm = None
    if key or url:
        options: dict[str, Any] = {"cache_dir": default_cache_dir(env), **defaults}
        options.update(
            model=model or default_model or LLMConfig.model_fields["model"].default,
            base_url=url,
            api_key=SecretStr(key) if key else None,
            prompt=prompt or env.get("CLAIMEX_PROMPT") or LLMConfig.model_fields["prompt"].default,
        )
        options.update({k: v for k, v in explicit.items() if v is not None and k != "model"})
        if cache is False:
            options["cache"] = False
        if max_chars is not None:
            options["max_chars"] = max_chars
        try:
            llm = LLMConfig(**options)
        except ValidationError as exc:
            raise ConfigurationError(_first_error(exc)) from None
    extract: dict[str, Any] = {"backend": chosen, "llm": llm, "reference_date": reference_date}
    if rules_profile:
        extract["rules_profile"] = rules_profile
    if max_chars is not None:
        extract["max_chars"] = max_chars
    try:
        return ExtractConfig(**extract)
    except ValidationError as exc:
        raise ConfigurationError(_first_error(exc)) from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    return f"{_flag(where)}: {err.get('msg', 'invalid value')}"
