"""Reading language: words, numbers, dates, amounts, sentences, each written once.

The floor of factcli: nothing here imports any other part of factcli but `errors` and
`controls`.
"""
