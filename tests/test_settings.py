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
