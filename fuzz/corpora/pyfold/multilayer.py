import zlib, base64
x = '=QoEtQHAFkcqpC2okiKaAZgembkhKphG5lfmlkcq5lX+JHfqlkYqFlseSbYst4kzP5MKRpyLI3CzLzJe'
exec(zlib.decompress(base64.b64decode(x[::-1])))
