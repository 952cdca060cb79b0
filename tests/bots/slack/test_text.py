from bots.slack.text import escape, plain


def test_slack_markup_becomes_the_words_the_parser_reads():
    said = ("<@UBOT> add customer Pied Piper, email <mailto:richard@piedpiper.com|richard@piedpiper.com>, "
            "site <https://piedpiper.com|piedpiper.com> &amp; <https://hooli.com> for <#C123|sales> <!here>")
    assert plain(said, "UBOT") == ("add customer Pied Piper, email richard@piedpiper.com, site piedpiper.com & "
                                   "https://hooli.com for sales")


def test_user_text_cannot_ping_or_link():
    assert escape("<!channel> <@U1> a & b") == "&lt;!channel&gt; &lt;@U1&gt; a &amp; b"
