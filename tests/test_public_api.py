import pipeline


def test_public_names_are_exactly_all() -> None:
    public = {name for name in dir(pipeline) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(pipeline, name)).__name__ == "module"}
    assert public - modules == set(pipeline.__all__)


def test_every_error_is_a_pipeline_error() -> None:
    for name in pipeline.__all__:
        item = getattr(pipeline, name)
        if isinstance(item, type) and issubclass(item, Exception):
            assert issubclass(item, pipeline.PipelineError)
