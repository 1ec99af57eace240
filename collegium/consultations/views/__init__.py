"""The consultation pages, split by area: the consultation and its draft (``pages``), the
confidential form (``questionnaire``), and the results for analysts (``results``)."""
