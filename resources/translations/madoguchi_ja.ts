<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="16" />
        <source>Training mode</source>
        <translation>研修モード</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="16" />
        <source>Production</source>
        <translation>本番</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="17" />
        <source>Madoguchi counter terminal</source>
        <translation>窓口端末</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="19" />
        <source>Please log in.</source>
        <translation>ログインしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="21" />
        <source>Terminal: %1</source>
        <translation>端末: %1</translation>
    </message>
</context>
</TS>