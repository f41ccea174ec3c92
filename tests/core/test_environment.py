"""Settings come from the environment in one place; explicit arguments win."""

from __future__ import annotations

import pytest

from claimex import ConfigurationError, RuleExtractor, config_from_env, make_extractor
from claimex.extractors.fallback import FallbackExtractor


def test_no_llm_configured_means_rules() -> None:
    config = config_from_env({})
    assert config.backend == "auto" and config.llm is None
    assert isinstance(make_extractor(config), RuleExtractor)


def test_base_url_alone_configures_a_local_server() -> None:
    config = config_from_env({"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1", "CLAIMEX_MODEL": "q"})
    assert config.llm.base_url == "http://127.0.0.1:8080/v1" and config.llm.model == "q"
    assert config.llm.api_key is None
    assert isinstance(make_extractor(config), FallbackExtractor)


def test_key_is_secret_in_reprs() -> None:
    config = config_from_env({"OPENAI_API_KEY": "sk-very-secret-value-123456"})
    assert "sk-very-secret" not in repr(config) and "sk-very-secret" not in str(config)
    assert "sk-very-secret" not in config.model_dump_json()
    assert config.llm.api_key.get_secret_value() == "sk-very-secret-value-123456"


def test_arguments_win_over_environment() -> None:
    env = {"OPENAI_BASE_URL": "http://a/v1", "CLAIMEX_MODEL": "a", "CLAIMEX_PROMPT": "claims@v1"}
    config = config_from_env(env, base_url="http://b/v1", model="b", backend="rules")
    assert (config.llm.base_url, config.llm.model, config.backend) == ("http://b/v1", "b", "rules")
    assert isinstance(make_extractor(config), RuleExtractor)


def test_forced_llm_without_anything_configured_is_an_error() -> None:
    config = config_from_env({}, backend="llm")
    assert config.llm is None
    with pytest.raises(ConfigurationError, match="OPENAI_BASE_URL"):
        make_extractor(config)


def test_a_bad_backend_variable_is_a_configuration_error_naming_it() -> None:
    with pytest.raises(ConfigurationError, match="CLAIMEX_BACKEND='bogus'"):
        config_from_env({"CLAIMEX_BACKEND": "bogus"})


@pytest.mark.parametrize(
    ("option", "flag"),
    [
        ({"requests_per_minute": 5.0}, "--rpm"),
        ({"tokens_per_minute": 100.0}, "--tpm"),
        ({"cache_dir": "/tmp/x"}, "--cache-dir"),
        ({"cache": True}, "--cache"),
        ({"prompt": "claims@v1"}, "--prompt"),
        ({"model": "m"}, "--model"),
    ],
)
def test_llm_options_without_an_llm_are_an_error_not_ignored(option, flag) -> None:
    with pytest.raises(ConfigurationError, match=f"{flag} applies to an LLM"):
        config_from_env({}, **option)


def test_no_cache_without_an_llm_is_fine_and_rules_options_refuse_llm_tuning() -> None:
    assert config_from_env({}, cache=False).llm is None
    env = {"OPENAI_BASE_URL": "http://a/v1"}
    with pytest.raises(ConfigurationError, match="--rpm does not apply with backend 'rules'"):
        config_from_env(env, backend="rules", requests_per_minute=5.0)


def test_flags_then_environment_then_caller_defaults() -> None:
    env = {"OPENAI_BASE_URL": "http://env/v1", "CLAIMEX_CACHE_DIR": "/tmp/cache-here"}
    defaults = {"model": "recorded", "base_url": "http://recorded/v1", "cache": True}
    config = config_from_env(env, llm_defaults=defaults)
    assert config.llm.base_url == "http://env/v1"  # the environment wins over caller defaults
    assert config.llm.model == "recorded" and config.llm.cache is True
    assert str(config.llm.cache_dir) == "/tmp/cache-here"
    assert config_from_env(env, cache=False, llm_defaults=defaults).llm.cache is False
    assert config_from_env({}, llm_defaults=defaults).llm.base_url == "http://recorded/v1"


def test_out_of_range_values_are_configuration_errors() -> None:
    with pytest.raises(ConfigurationError, match="--rpm"):
        config_from_env({"OPENAI_BASE_URL": "http://a/v1"}, requests_per_minute=-1.0)
    with pytest.raises(ConfigurationError, match="max_chars"):
        config_from_env({}, max_chars=0)
