<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>AddOperatorDialog</name>
    <message>
        <location filename="../../ui/admin/operators.py" line="91" />
        <source>Add operator</source>
        <translation>操作者の登録</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="99" />
        <source>Contractor staff</source>
        <translation>委託業者の職員</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="100" />
        <source>Allow password login (fallback)</source>
        <translation>パスワードによるログインを許可（代替手段）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="109" />
        <source>Operator ID</source>
        <translation>操作者ID</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="110" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="111" />
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="112" />
        <source>Valid from</source>
        <translation>発効日</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="113" />
        <source>Valid until</source>
        <translation>失効日</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="116" />
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
</context>
<context>
    <name>ApprovalsView</name>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="99" />
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="100" />
        <location filename="../../ui/views/approvals_view.py" line="128" />
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="101" />
        <source>Entered by</source>
        <translation>入力者</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="102" />
        <source>Entered at</source>
        <translation>入力日時</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="103" />
        <source>Identification</source>
        <translation>本人確認</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="117" />
        <source>Reason (required to reject)</source>
        <translation>理由（却下には必須）</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="118" />
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="120" />
        <source>Reject</source>
        <translation>却下</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="122" />
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="124" />
        <source>Send notifications</source>
        <translation>通知を送信</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="128" />
        <source>Recipient</source>
        <translation>宛先</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="128" />
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="138" />
        <source>Changes waiting for confirmation</source>
        <translation>承認待ちの異動</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="145" />
        <source>Notifications to Juki-net</source>
        <translation>住基ネットへの通知</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="170" />
        <source>Special move-in</source>
        <translation>特例転入</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="170" />
        <source>Move within city</source>
        <translation>転居</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="209" />
        <source>No card read (entered by staff)</source>
        <translation>カード読取なし（職員入力）</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="211" />
        <source>Card read</source>
        <translation>カード読取</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="221" />
        <source>%1 — reason: %2</source>
        <translation>%1　理由: %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="230" />
        <source>Prefectural server</source>
        <translation>都道府県サーバ</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="237" />
        <source>Send failed, will retry</source>
        <translation>送信失敗（再送待ち）</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="239" />
        <source>Waiting to send</source>
        <translation>送信待ち</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="240" />
        <source>Sending</source>
        <translation>送信中</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="241" />
        <source>Acknowledged</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="242" />
        <source>Refused</source>
        <translation>拒否</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="280" />
        <location filename="../../ui/views/approvals_view.py" line="303" />
        <source>Select a change first.</source>
        <translation>異動を選択してください。</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="296" />
        <source>You entered this change: another operator must approve it.</source>
        <translation>ご自身の入力です。別の操作者が承認してください。</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="290" />
        <source>Approved. The notifications are queued.</source>
        <translation>承認しました。通知は送信待ちです。</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="314" />
        <source>Rejected.</source>
        <translation>却下しました。</translation>
    </message>
    <message>
        <location filename="../../ui/views/approvals_view.py" line="329" />
        <source>Sent: %1 acknowledged, %2 refused, %3 failed.</source>
        <translation>送信: 受理 %1、拒否 %2、失敗 %3。</translation>
    </message>
</context>
<context>
    <name>CardConfirmationView</name>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="81" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="82" />
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="83" />
        <source>Date of birth</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="84" />
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="87" />
        <source>Read card (F5)</source>
        <translation>カード読取 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="244" />
        <source>Insert the card and press Read card.</source>
        <translation>カードを置いて「カード読取」を押してください。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="92" />
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="92" />
        <source>On the card</source>
        <translation>カード記載</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="92" />
        <source>In the register</source>
        <translation>本人確認情報</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="106" />
        <source>Show My Number</source>
        <translation>個人番号を表示</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="109" />
        <source>Matches</source>
        <translation>一致</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="110" />
        <source>Does not match</source>
        <translation>不一致</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="169" />
        <source>Not found: no identity record has this key.</source>
        <translation>該当なし: この番号の本人確認情報はありません。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="172" />
        <source>Found. The card has expired.</source>
        <translation>該当あり。カードの有効期限が切れています。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="174" />
        <source>Found. Items marked ≠ differ from the register.</source>
        <translation>該当あり。≠ の項目はカードと本人確認情報で異なります。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="176" />
        <source>Found. The card agrees with the register.</source>
        <translation>該当あり。カードと本人確認情報は一致しています。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="181" />
        <source>The My Number on the card differs from the register's.</source>
        <translation>カードの個人番号が本人確認情報と異なります。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="183" />
        <source>Furigana: %1</source>
        <translation>ふりがな: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="184" />
        <location filename="../../ui/views/confirmation_view.py" line="214" />
        <source>My Number: %1</source>
        <translation>個人番号: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="202" />
        <source>Recorded: matches.</source>
        <translation>「一致」を記録しました。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="202" />
        <source>Recorded: does not match.</source>
        <translation>「不一致」を記録しました。</translation>
    </message>
    <message>
        <location filename="../../ui/views/confirmation_view.py" line="228" />
        <source>The card was removed.</source>
        <translation>カードが取り出されました。</translation>
    </message>
</context>
<context>
    <name>CardIo</name>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="77" />
        <source>Tries left: %1</source>
        <translation>残り回数: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="207" />
        <source>Last PIN try</source>
        <translation>暗証番号の最後の試行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="208" />
        <source>Only one PIN try is left. A wrong PIN blocks the card. Send the PIN anyway?</source>
        <translation>残り1回です。誤るとロックされます。送信しますか？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="236" />
        <source>The check digit does not match. Compare the code with the documents.</source>
        <translation>住民票コードの検査数字が一致しません。本人の書類と照合してください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="245" />
        <source>Check the 住民票コード</source>
        <translation>住民票コードの確認</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="261" />
        <source>The PIN is blocked. No PIN was sent. The card holder must have it reset at the municipality counter, in person and with identity documents.</source>
        <translation>暗証番号がロックされています（暗証番号は送信していません）。カードの持ち主本人が本人確認書類を持って、市区町村の窓口で初期化の手続きをしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="269" />
        <source>The PIN has exactly 4 digits.</source>
        <translation>暗証番号は4桁の数字です。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="273" />
        <source>The card has expired.</source>
        <translation>カードの有効期限が切れています。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="276" />
        <source>The card's data failed the integrity check.</source>
        <translation>カードのデータの整合性を確認できませんでした。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="284" />
        <source>Wrong PIN. Tries left: %1</source>
        <translation>暗証番号が違います。残り回数: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="298" />
        <source>Entry of the 住民票コード was cancelled. Nothing was read.</source>
        <translation>住民票コードの入力が取り消されました。カードは読み取っていません。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="302" />
        <source>The 住民票コード must be 11 digits. Nothing was read.</source>
        <translation>住民票コードは11桁の数字で入力してください。カードは読み取っていません。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="268" />
        <source>PIN entry was cancelled.</source>
        <translation>暗証番号の入力が取り消されました。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="270" />
        <source>The card was removed.</source>
        <translation>カードが取り出されました。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="271" />
        <source>No card reader or no card.</source>
        <translation>カードリーダーまたはカードがありません。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="272" />
        <source>This is not a My Number card.</source>
        <translation>マイナンバーカードではありません。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="290" />
        <source>The card could not be read.</source>
        <translation>カードを読み取れませんでした。</translation>
    </message>
</context>
<context>
    <name>CardTask</name>
    <message>
        <location filename="../../ui/views/card_task.py" line="97" />
        <source>Reading the card…</source>
        <translation>カードを読み取っています…</translation>
    </message>
    <message>
        <location filename="../../ui/views/card_task.py" line="106" />
        <source>The card operation failed unexpectedly.</source>
        <translation>カードの処理中に予期しないエラーが発生しました。</translation>
    </message>
</context>
<context>
    <name>EnrollFingerDialog</name>
    <message>
        <location filename="../../ui/admin/operators.py" line="125" />
        <source>Enroll finger</source>
        <translation>指紋の登録</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="132" />
        <source>Simulated sensor (training): the chosen finger of this operator is enrolled.</source>
        <translation>模擬指紋センサー（研修用）: この操作者の選んだ指を登録します。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="136" />
        <source>Ask the operator to place the chosen finger on the sensor, then press OK.</source>
        <translation>操作者に選んだ指をセンサーに置いてもらい、OKを押してください。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="146" />
        <source>Operator ID</source>
        <translation>操作者ID</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="147" />
        <source>Finger</source>
        <translation>指</translation>
    </message>
</context>
<context>
    <name>ErrorReport</name>
    <message>
        <location filename="../../ui/error_report.py" line="29" />
        <source>The operation was not completed</source>
        <translation>処理を完了できませんでした</translation>
    </message>
    <message>
        <location filename="../../ui/error_report.py" line="36" />
        <source>An unexpected error occurred. The operation may not have been saved; check the result and report the time to the system administrator.</source>
        <translation>予期しないエラーが発生しました。処理は保存されていない可能性があります。結果を確認し、発生時刻をシステム管理者に連絡してください。</translation>
    </message>
</context>
<context>
    <name>Fingers</name>
    <message>
        <location filename="../../ui/admin/operators.py" line="62" />
        <source>Right index finger</source>
        <translation>右手人差し指</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="63" />
        <source>Right thumb</source>
        <translation>右手親指</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="64" />
        <source>Left index finger</source>
        <translation>左手人差し指</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="65" />
        <source>Left thumb</source>
        <translation>左手親指</translation>
    </message>
</context>
<context>
    <name>HardcopyReasonDialog</name>
    <message>
        <location filename="../../ui/hardcopy.py" line="31" />
        <source>Hardcopy</source>
        <translation>ハードコピー</translation>
    </message>
    <message>
        <location filename="../../ui/hardcopy.py" line="40" />
        <source>Reason for the hardcopy (required):</source>
        <translation>ハードコピーの理由（必須）:</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/privacy.py" line="218" />
        <source>Locked</source>
        <translation>ロック中</translation>
    </message>
    <message>
        <location filename="../../ui/privacy.py" line="222" />
        <source>Only %1 can unlock this terminal.</source>
        <translation>この端末のロックを解除できるのは %1 だけです。</translation>
    </message>
    <message>
        <location filename="../../ui/privacy.py" line="231" />
        <source>Log out</source>
        <translation>ログアウト</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../ui/login.py" line="276" />
        <source>Madoguchi counter terminal</source>
        <translation>窓口端末</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="280" />
        <source>Log in with your personal operator ID. Shared IDs are not allowed.</source>
        <translation>個人の操作者IDでログインしてください。共用IDは使用できません。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="283" />
        <source>Operator login</source>
        <translation>操作者ログイン</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <location filename="../../ui/login.py" line="55" />
        <source>The operator ID or the authentication is not correct.</source>
        <translation>操作者IDまたは認証が正しくありません。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="58" />
        <source>No finger was detected on the sensor.</source>
        <translation>センサーに指が検出されませんでした。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="61" />
        <source>The fingerprint sensor is not ready.</source>
        <translation>指紋センサーが使用できません。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="64" />
        <source>Too many failed attempts: this ID is locked until %1.</source>
        <translation>認証の失敗が続いたため、このIDは %1 までロックされています。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="67" />
        <source>Password login is not enabled for this operator. Use the fingerprint.</source>
        <translation>この操作者にはパスワードによるログインが許可されていません。指紋で認証してください。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="70" />
        <source>This operator ID has been revoked.</source>
        <translation>この操作者IDは失効しています。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="73" />
        <source>This operator has no right valid today. Ask the rights administrator.</source>
        <translation>本日有効な権限がありません。権限管理者に確認してください。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="76" />
        <source>This terminal is not registered.</source>
        <translation>この端末は登録されていません。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="79" />
        <source>Only the same operator can unlock.</source>
        <translation>ロックを解除できるのは同じ操作者だけです。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="82" />
        <source>This session was ended by a login at another terminal. Log out and log in again.</source>
        <translation>別の端末でログインしたため、このセッションは終了しました。ログアウトして、もう一度ログインしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="93" />
        <source>This ID is now locked until %1.</source>
        <translation>このIDは %1 までロックされました。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="163" />
        <source>e.g. clerk01</source>
        <translation>例: clerk01</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="167" />
        <source>Log in with fingerprint</source>
        <translation>指紋でログイン</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="173" />
        <source>only if enabled by the administrator</source>
        <translation>管理者が許可した場合のみ</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="175" />
        <source>Log in with password</source>
        <translation>パスワードでログイン</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="177" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="185" />
        <source>Unlock with fingerprint</source>
        <translation>指紋でロック解除</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="186" />
        <source>Unlock with password</source>
        <translation>パスワードでロック解除</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="189" />
        <source>Operator ID</source>
        <translation>操作者ID</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="191" />
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="224" />
        <source>Fingerprint reading cancelled.</source>
        <translation>指紋の読み取りを取り消しました。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="233" />
        <source>Enter your operator ID.</source>
        <translation>操作者IDを入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="250" />
        <source>Reading the fingerprint sensor…</source>
        <translation>指紋センサーを読み取っています…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="96" />
        <source>Training mode</source>
        <translation>研修モード</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="96" />
        <source>Production</source>
        <translation>本番</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="97" />
        <source>Madoguchi counter terminal</source>
        <translation>窓口端末</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114" />
        <source>Session</source>
        <translation>セッション</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117" />
        <source>Hide screen</source>
        <translation>画面を隠す</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="118" />
        <source>Leave seat (lock)</source>
        <translation>離席（ロック）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119" />
        <source>Hardcopy…</source>
        <translation>ハードコピー…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120" />
        <source>Log out</source>
        <translation>ログアウト</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="268" />
        <source>no card</source>
        <translation>カードなし</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="266" />
        <source>card present</source>
        <translation>カードあり</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270" />
        <source>unavailable</source>
        <translation>利用不可</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="435" />
        <source>Hardcopy</source>
        <translation>ハードコピー</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="432" />
        <source>Hardcopy saved: %1</source>
        <translation>ハードコピーを保存しました: %1</translation>
    </message>
</context>
<context>
    <name>MaskedNumberField</name>
    <message>
        <location filename="../../ui/widgets/masked_number.py" line="32" />
        <source>Show</source>
        <translation>表示</translation>
    </message>
</context>
<context>
    <name>MoveInWizard</name>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="119" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="120" />
        <source>Former municipality</source>
        <translation>転出元市町村</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="121" />
        <source>Planned move-out</source>
        <translation>転出予定日</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="122" />
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="131" />
        <source>Read card with the resident register PIN</source>
        <translation>住民基本台帳用暗証番号でカードを読取</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="133" />
        <source>Continued use of the card</source>
        <translation>カードの継続利用</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="135" />
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="137" />
        <source>Enter without card read</source>
        <translation>カード読取なしで入力</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="145" />
        <source>Move-out certificate information received</source>
        <translation>受信した転出証明書情報</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="156" />
        <source>e.g. 2026-03-30 or R8.3.30</source>
        <translation>例: 2026-03-30 または R8.3.30</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="164" />
        <source>New household (head)</source>
        <translation>新しい世帯（世帯主）</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="165" />
        <source>Join household</source>
        <translation>既存の世帯に入る</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="176" />
        <source>Move-in date</source>
        <translation>転入年月日</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="178" />
        <source>Postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="179" />
        <source>Address (to 丁目)</source>
        <translation>住所（丁目まで）</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="180" />
        <source>Lot number</source>
        <translation>番地</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="181" />
        <source>Katagaki (building)</source>
        <translation>方書</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="184" />
        <source>Household number</source>
        <translation>世帯番号</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="185" />
        <source>Relationship</source>
        <translation>続柄</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="186" />
        <source>Save as pending</source>
        <translation>承認待ちとして保存</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="188" />
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="205" />
        <source>No card was read: this entry is marked as entered by staff, and the approver sees the reason.</source>
        <translation>カードを読み取っていません。この入力は職員入力として記録され、承認者に理由が表示されます。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="215" />
        <source>e.g. chip cannot be read; identified by driving licence</source>
        <translation>例: ICチップが読み取れないため運転免許証で本人確認</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="223" />
        <source>Reason for entry without card read</source>
        <translation>カード読取なしの理由</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="238" />
        <source>Not yet entered</source>
        <translation>未処理</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="239" />
        <source>Entered, awaiting approval</source>
        <translation>入力済み（承認待ち）</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="240" />
        <source>Moved in</source>
        <translation>転入済み</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="276" />
        <source>No move-out certificate information was received for this card.</source>
        <translation>このカードの転出証明書情報は受信していません。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="280" />
        <source>Card verified. Enter the move-in details.</source>
        <translation>カードを確認しました。転入の内容を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="288" />
        <source>Select the move-out certificate information first.</source>
        <translation>転出証明書情報を選択してください。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="293" />
        <source>This move-out certificate information already has an entry.</source>
        <translation>この転出証明書情報は入力済みです。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="297" />
        <source>No card read. Enter the reason and the move-in details.</source>
        <translation>カードを読み取っていません。理由と転入の内容を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="308" />
        <source>%1 (%2), born %3, from %4; planned move-out %5</source>
        <translation>%1（%2）生年月日 %3、転出元 %4、転出予定日 %5</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="330" />
        <source>Day %1 after moving in (limit 14, until %2).</source>
        <translation>転入から%1日目（期限14日、%2まで）。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="331" />
        <source>Day %1 after the planned move-out (limit 30, until %2).</source>
        <translation>転出予定日から%1日目（期限30日、%2まで）。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="343" />
        <source>The special move-in is no longer possible.</source>
        <translation>特例転入の期限を過ぎています。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="396" />
        <source>Enter why no card was read (1 to 200 characters, no control characters).</source>
        <translation>カードを読み取らない理由を入力してください（1～200文字、制御文字は使えません）。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="404" />
        <source>Saved as pending change %1. A second operator must approve it.</source>
        <translation>承認待ち %1 として保存しました。別の操作者の承認が必要です。</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="423" />
        <source>Continued use recorded. Print on the card: %1</source>
        <translation>継続利用を記録しました。追記欄に記載: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/move_in_wizard.py" line="428" />
        <source>The chip cannot be rewritten from this terminal: that needs J-LIS facilities.</source>
        <translation>ICチップの書換えはこの端末ではできません（J-LISの設備が必要です）。</translation>
    </message>
</context>
<context>
    <name>OperatorAdminView</name>
    <message>
        <location filename="../../ui/admin/operators.py" line="279" />
        <location filename="../../ui/admin/operators.py" line="355" />
        <source>Operator ID</source>
        <translation>操作者ID</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="279" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="279" />
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="279" />
        <source>Rights today</source>
        <translation>本日有効な権限</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="280" />
        <source>Password fallback</source>
        <translation>パスワード認証</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="280" />
        <source>Enrolled fingers</source>
        <translation>登録済みの指</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="290" />
        <source>Add operator…</source>
        <translation>操作者の登録…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="293" />
        <source>Grant right…</source>
        <translation>権限の付与…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="295" />
        <source>Revoke operator…</source>
        <translation>操作者の失効…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="297" />
        <source>Enroll finger…</source>
        <translation>指紋の登録…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="299" />
        <source>Set password…</source>
        <translation>パスワードの設定…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="301" />
        <location filename="../../ui/admin/operators.py" line="478" />
        <source>Enable password login</source>
        <translation>パスワード認証を許可</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="308" />
        <source>Credentials of the selected operator:</source>
        <translation>選択した操作者の認証情報:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="336" />
        <source>Export ledger as CSV…</source>
        <translation>管理簿をCSVで出力…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="342" />
        <source>The rights ledger is append-only: rows cannot be edited.</source>
        <translation>権限管理簿は追記のみです。行の修正・削除はできません。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="260" />
        <location filename="../../ui/admin/operators.py" line="265" />
        <source>Operators</source>
        <translation>操作者</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="262" />
        <source>Rights ledger</source>
        <translation>権限管理簿</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="438" />
        <source>revoked</source>
        <translation>失効</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="440" />
        <source>locked</source>
        <translation>ロック中</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="441" />
        <source>active</source>
        <translation>有効</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="406" />
        <source>yes</source>
        <translation>可</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="254" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="265" />
        <source>Rights administration is not granted.</source>
        <translation>権限管理の権限がありません。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="353" />
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="354" />
        <source>Effective at (UTC)</source>
        <translation>実施日時（UTC）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="356" />
        <source>Action</source>
        <translation>処理</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="357" />
        <source>Rights</source>
        <translation>権限</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="358" />
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="359" />
        <source>Valid from</source>
        <translation>発効日</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="360" />
        <source>Valid until</source>
        <translation>失効日</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="361" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="362" />
        <source>Administrator</source>
        <translation>権限管理者</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="363" />
        <source>Terminal</source>
        <translation>端末</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="406" />
        <source>no</source>
        <translation>不可</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="427" />
        <source>No operator holds rights administration today.</source>
        <translation>本日有効な権限管理者がいません。後任者の登録が必要です。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="430" />
        <source>Every rights administrator's grant ends by %1. Grant the rights administration role to a successor before then.</source>
        <translation>すべての権限管理者の権限が %1 までに終了します。それまでに後任者へ権限管理者の役割を付与してください。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="476" />
        <source>Disable password login</source>
        <translation>パスワード認証を停止</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="534" />
        <source>Add operator</source>
        <translation>操作者の登録</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="554" />
        <location filename="../../ui/admin/operators.py" line="560" />
        <source>Grant right</source>
        <translation>権限の付与</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="554" />
        <source>Right</source>
        <translation>権限</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="576" />
        <location filename="../../ui/admin/operators.py" line="581" />
        <source>Revoke operator</source>
        <translation>操作者の失効</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="576" />
        <source>Reason (retirement, transfer, other):</source>
        <translation>理由（退職・異動・その他）:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="612" />
        <source>Enroll finger</source>
        <translation>指紋の登録</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="596" />
        <source>The fingerprint sensor is not ready.</source>
        <translation>指紋センサーが使用できません。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="611" />
        <source>Enrolled %1 of %2.</source>
        <translation>%2 の%1を登録しました。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="621" />
        <source>The enrolment was cancelled.</source>
        <translation>指紋の登録を取り消しました。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="634" />
        <source>Set password</source>
        <translation>パスワードの設定</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="636" />
        <source>Password of %1 set.</source>
        <translation>%1 のパスワードを設定しました。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="646" />
        <source>Password login enabled for %1.</source>
        <translation>%1 のパスワード認証を許可しました。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="648" />
        <source>Password login disabled for %1.</source>
        <translation>%1 のパスワード認証を停止しました。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="651" />
        <source>Password login</source>
        <translation>パスワード認証</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="659" />
        <source>Export ledger</source>
        <translation>管理簿の出力</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="61" />
        <source>Resident register PIN (4 digits)</source>
        <translation>住民基本台帳用暗証番号（数字4桁）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="63" />
        <source>Card holder: enter the resident register PIN (住民基本台帳用暗証番号).</source>
        <translation>カード所有者の方が「住民基本台帳用暗証番号」（数字4桁）を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="66" />
        <source>Card information input-assist PIN (4 digits)</source>
        <translation>券面事項入力補助用暗証番号（数字4桁）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="68" />
        <source>Card holder: enter the card information input-assist PIN (券面事項入力補助用暗証番号).</source>
        <translation>カード所有者の方が「券面事項入力補助用暗証番号」（数字4桁）を入力してください。</translation>
    </message>
</context>
<context>
    <name>PrivacyCurtain</name>
    <message>
        <location filename="../../ui/privacy.py" line="126" />
        <source>Screen hidden</source>
        <translation>画面を隠しています</translation>
    </message>
    <message>
        <location filename="../../ui/privacy.py" line="129" />
        <source>Click or press a key to return.</source>
        <translation>クリックするかキーを押すと戻ります。</translation>
    </message>
</context>
<context>
    <name>RecordPanel</name>
    <message>
        <location filename="../../ui/views/search_view.py" line="71" />
        <source>Identity record</source>
        <translation>本人確認情報</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="75" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="76" />
        <source>Furigana</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="77" />
        <source>Date of birth</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="78" />
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="79" />
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="80" />
        <source>Status</source>
        <translation>状況</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="81" />
        <source>Last change</source>
        <translation>最終異動</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="91" />
        <source>Individual number</source>
        <translation>個人番号</translation>
    </message>
</context>
<context>
    <name>ResidentCodeDialog</name>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="135" />
        <source>Enter the 住民票コード</source>
        <translation>住民票コードの入力</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="137" />
        <source>Type the 住民票コード from the resident's documents (11 digits).</source>
        <translation>本人の書類を見て住民票コード（11桁）を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/card_prompts.py" line="164" />
        <source>The 住民票コード has exactly 11 digits.</source>
        <translation>住民票コードは11桁の数字です。</translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <location filename="../../ui/views/search_view.py" line="134" />
        <source>Full name in kanji or kana</source>
        <translation>氏名（漢字またはかな、姓名とも）</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="136" />
        <source>e.g. 駅前一丁目 (matched from the start)</source>
        <translation>例: 駅前一丁目（前方一致）</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="138" />
        <source>e.g. 1980-04-01 or 昭和55年4月1日</source>
        <translation>例: 1980-04-01 または 昭和55年4月1日</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="144" />
        <source>(any)</source>
        <translation>（指定なし）</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="147" />
        <source>Include removed persons</source>
        <translation>消除者を含める</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="148" />
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="150" />
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="153" />
        <source>Enter the name with the address or with the date of birth. Sex only narrows the search.</source>
        <translation>氏名と、住所または生年月日を入力してください。性別は絞り込みにのみ使われます。</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="168" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="169" />
        <source>Furigana</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="170" />
        <source>Date of birth</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="171" />
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="172" />
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="173" />
        <source>Status</source>
        <translation>状況</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="174" />
        <source>Individual number</source>
        <translation>個人番号</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="187" />
        <source>&amp;Name</source>
        <translation>氏名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="188" />
        <source>&amp;Address</source>
        <translation>住所(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="189" />
        <source>Date of &amp;birth</source>
        <translation>生年月日(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="190" />
        <source>&amp;Sex</source>
        <translation>性別(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="235" />
        <source>The date of birth is not a date (YYYY-MM-DD or 和暦).</source>
        <translation>生年月日が日付として読めません（YYYY-MM-DD または和暦）。</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="253" />
        <source>You do not have the right to search.</source>
        <translation>検索の権限がありません。</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="271" />
        <source>You do not have the right to open records.</source>
        <translation>本人確認情報を表示する権限がありません。</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="273" />
        <source>The record is no longer available.</source>
        <translation>この本人確認情報は表示できません。</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="307" />
        <source>More than %1 results</source>
        <translation>%1件を超えています</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="308" />
        <source>Too many results: add conditions to narrow the search.</source>
        <translation>該当が多すぎます。条件を追加して絞り込んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="310" />
        <source>%1 result(s)</source>
        <translation>%1件</translation>
    </message>
    <message>
        <location filename="../../ui/views/search_view.py" line="312" />
        <source>No matching identity record.</source>
        <translation>該当する本人確認情報はありません。</translation>
    </message>
</context>
<context>
    <name>ServiceCall</name>
    <message>
        <location filename="../../ui/views/service_call.py" line="52" />
        <source>Working…</source>
        <translation>処理中…</translation>
    </message>
    <message>
        <location filename="../../ui/views/service_call.py" line="64" />
        <source>The operation failed unexpectedly.</source>
        <translation>予期しないエラーのため処理を完了できませんでした。</translation>
    </message>
</context>
<context>
    <name>SetPasswordDialog</name>
    <message>
        <location filename="../../ui/admin/operators.py" line="168" />
        <source>Set password</source>
        <translation>パスワードの設定</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="177" />
        <source>At least 10 characters with at least one letter and one digit, not containing the operator ID.</source>
        <translation>10文字以上で、英字と数字をそれぞれ1文字以上含み、操作者IDを含まないこと。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="191" />
        <source>Operator ID</source>
        <translation>操作者ID</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="192" />
        <source>New password</source>
        <translation>新しいパスワード</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="193" />
        <source>Repeat</source>
        <translation>確認のため再入力</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="204" />
        <source>The password does not meet the rule.</source>
        <translation>パスワードが条件を満たしていません。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/operators.py" line="206" />
        <source>The two entries differ.</source>
        <translation>2回の入力が一致しません。</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <location filename="../../ui/setup_page.py" line="60" />
        <source>First set-up of this terminal</source>
        <translation>この端末の初期設定</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="65" />
        <source>This register is new: no terminal and no operator are registered yet. Register this terminal and the first rights administrator together; the administrator then registers the staff.</source>
        <translation>この台帳は新規です（端末も操作者もまだ登録されていません）。この端末と最初の権限管理者を同時に登録します。職員の登録は、その後に権限管理者が行います。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="93" />
        <source>At least 10 characters with at least one letter and one digit, not containing the operator ID.</source>
        <translation>10文字以上で、英字と数字をそれぞれ1文字以上含み、操作者IDを含まないこと。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="99" />
        <source>Register</source>
        <translation>登録する</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="112" />
        <source>Terminal ID</source>
        <translation>端末ID</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="113" />
        <source>Administrator's operator ID</source>
        <translation>権限管理者の操作者ID</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="114" />
        <source>Administrator's name</source>
        <translation>権限管理者の氏名</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="115" />
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="116" />
        <source>Password (again)</source>
        <translation>パスワード（確認）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="125" />
        <source>Terminal and first rights administrator</source>
        <translation>端末と最初の権限管理者</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="207" />
        <source>The two entries differ.</source>
        <translation>2回の入力が一致しません。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="212" />
        <location filename="../../ui/setup_page.py" line="213" />
        <source>Enter 1 to 32 characters without control characters.</source>
        <translation>制御文字を含まない1～32文字で入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="214" />
        <source>Enter the name (up to 100 characters).</source>
        <translation>氏名を入力してください（100文字以内）。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="215" />
        <source>The password does not meet the rule.</source>
        <translation>パスワードが条件を満たしていません。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_page.py" line="224" />
        <source>This register has already been set up. Log in.</source>
        <translation>この台帳は既に設定済みです。ログインしてください。</translation>
    </message>
</context>
<context>
    <name>SimulatedScannerPanel</name>
    <message>
        <location filename="../../ui/login.py" line="107" />
        <source>Simulated fingerprint sensor (training)</source>
        <translation>模擬指紋センサー（研修用）</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="112" />
        <source>Right index finger</source>
        <translation>右手人差し指</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="113" />
        <source>Left index finger</source>
        <translation>左手人差し指</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="114" />
        <source>Right thumb</source>
        <translation>右手親指</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="115" />
        <source>A finger that is not enrolled</source>
        <translation>登録されていない指</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="118" />
        <source>Place finger on the sensor</source>
        <translation>センサーに指を置く</translation>
    </message>
</context>
<context>
    <name>TerminalStatusBar</name>
    <message>
        <location filename="../../ui/status.py" line="23" />
        <source>Terminal: %1</source>
        <translation>端末: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="36" />
        <source>not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="42" />
        <source>Operator: (not logged in)</source>
        <translation>操作者: （未ログイン）</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="44" />
        <source>Operator: %1</source>
        <translation>操作者: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="48" />
        <source>Card reader: %1</source>
        <translation>カードリーダー: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="52" />
        <source>ready</source>
        <translation>使用可</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="52" />
        <source>unavailable</source>
        <translation>使用不可</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="53" />
        <source>Fingerprint sensor: %1</source>
        <translation>指紋センサー: %1</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="58" />
        <source>Screen capture blocked</source>
        <translation>画面キャプチャ防止: 有効</translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="62" />
        <source>Screen capture protection: not available on this platform</source>
        <translation>画面キャプチャ防止: この環境では不可</translation>
    </message>
</context>
<context>
    <name>TrainingCardPanel</name>
    <message>
        <location filename="../../ui/training_panel.py" line="35" />
        <source>Training: virtual card</source>
        <translation>研修用：仮想カード</translation>
    </message>
    <message>
        <location filename="../../ui/training_panel.py" line="42" />
        <source>Training data only. Every card's PINs are 1234.</source>
        <translation>研修用データです。どのカードも暗証番号は 1234 です。</translation>
    </message>
    <message>
        <location filename="../../ui/training_panel.py" line="52" />
        <source>Insert card</source>
        <translation>カードを挿入</translation>
    </message>
    <message>
        <location filename="../../ui/training_panel.py" line="53" />
        <source>Remove card</source>
        <translation>カードを抜く</translation>
    </message>
    <message>
        <location filename="../../ui/training_panel.py" line="59" />
        <location filename="../../ui/training_panel.py" line="75" />
        <source>No card in the reader.</source>
        <translation>カードリーダーにカードはありません。</translation>
    </message>
    <message>
        <location filename="../../ui/training_panel.py" line="70" />
        <source>In the reader: %1</source>
        <translation>カードリーダー内: %1</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <location filename="../../ui/views/registry.py" line="90" />
        <source>Identity search</source>
        <translation>本人確認情報検索</translation>
    </message>
    <message>
        <location filename="../../ui/views/registry.py" line="94" />
        <source>Operators and rights</source>
        <translation>操作者と権限</translation>
    </message>
    <message>
        <location filename="../../ui/views/registry.py" line="99" />
        <source>Card confirmation</source>
        <translation>カードによる本人確認</translation>
    </message>
    <message>
        <location filename="../../ui/views/registry.py" line="103" />
        <source>Special move-in</source>
        <translation>特例転入</translation>
    </message>
    <message>
        <location filename="../../ui/views/registry.py" line="106" />
        <source>Approvals</source>
        <translation>承認待ち</translation>
    </message>
</context>
</TS>