"""The analysis core, Flask-free: ``pipeline.analyze(request) -> Result``.

Takes a request (URL, HTML or text); gives the article, its summary and its facts, going through
the stages ``fetch`` → ``article`` → ``nlp`` → ``facts`` → ``summary``.
"""
