<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name></name>
    <message>
        <location filename="../../viewer/ui/viewing/report_links.py" line="+55"/>
        <source>No open image of frame of reference %1 holds this region</source>
        <translation>フレームオブリファレンス %1 の開いている画像にこの領域を含むものはありません</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../viewer/ui/about_dialog.py" line="+20"/>
        <source>About DICOM Viewer</source>
        <translation>DICOM Viewer について</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&lt;h3&gt;DICOM Viewer {version}&lt;/h3&gt;&lt;p&gt;A DICOM workstation: query/retrieve from archives, an always-listening Storage SCP, a local archive and pixel-exact rendering.&lt;/p&gt;&lt;p&gt;This workstation: &lt;b&gt;{aet}&lt;/b&gt;, port {port}&lt;br&gt;Store: {store}&lt;/p&gt;&lt;p&gt;Not a medical device: not for primary diagnosis.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DICOM Viewer {version}&lt;/h3&gt;&lt;p&gt;DICOM ワークステーション: アーカイブからの検索・取得、常時受信する Storage SCP、ローカルアーカイブ、ピクセル単位で正確な表示。&lt;/p&gt;&lt;p&gt;このワークステーション: &lt;b&gt;{aet}&lt;/b&gt;、ポート {port}&lt;br&gt;保存先: {store}&lt;/p&gt;&lt;p&gt;医療機器ではありません。一次診断には使用できません。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Component</source>
        <translation>コンポーネント</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&lt;p&gt;DICOM Viewer is MIT-licensed. &lt;b&gt;pylibjpeg-libjpeg&lt;/b&gt; and the libjpeg it wraps are GPLv3: a build that includes them is distributed under the GPLv3 as a whole. Qt and PySide6 are used under the LGPLv3; pylibjpeg-openjpeg contains OpenJPEG (BSD-2-Clause).&lt;/p&gt;&lt;p&gt;Details: &lt;a href=&quot;{url}&quot;&gt;{path}&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;DICOM Viewer は MIT ライセンスです。&lt;b&gt;pylibjpeg-libjpeg&lt;/b&gt; とそれが包む libjpeg は GPLv3 のため、これらを含むビルドは全体として GPLv3 で配布されます。Qt と PySide6 は LGPLv3 で使用しています。pylibjpeg-openjpeg は OpenJPEG (BSD-2-Clause) を含みます。&lt;/p&gt;&lt;p&gt;詳細: &lt;a href=&quot;{url}&quot;&gt;{path}&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AnonymizeDialog</name>
    <message>
        <location filename="../../viewer/ui/anonymize_dialog.py" line="+29"/>
        <source>Export anonymized copies</source>
        <translation>匿名化したコピーをエクスポート</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The copies follow the DICOM Basic Application Level Confidentiality Profile: names, identifiers, dates and private data are removed and every UID is replaced. Pixels are copied as they are.</source>
        <translation>コピーには DICOM の Basic Application Level Confidentiality Profile を適用します。氏名・ID・日付・プライベートデータを削除し、すべての UID を置き換えます。画素はそのままコピーします。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep dates and times</source>
        <translation>日付と時刻を残す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift dates (one random offset for the export)</source>
        <translation>日付をずらす(エクスポートごとに一つの乱数オフセット)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep patient characteristics (sex, age, size, weight)</source>
        <translation>患者の特性を残す(性別・年齢・身長・体重)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep device identity</source>
        <translation>装置の識別情報を残す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep institution identity</source>
        <translation>施設の識別情報を残す</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep descriptions, without the patient&apos;s names and IDs</source>
        <translation>説明文を残す(患者の氏名と ID は除く)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Include images that may show identifying text in their pixels</source>
        <translation>画素に識別情報の文字が写っている可能性のある画像も含める</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write one zip file instead of a folder</source>
        <translation>フォルダーの代わりに一つの zip ファイルに書き出す</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Patient&apos;s name of the copies:</source>
        <translation>コピーの患者氏名:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patient ID of the copies:</source>
        <translation>コピーの患者 ID:</translation>
    </message>
</context>
<context>
    <name>CrossLinks</name>
    <message>
        <location filename="../../viewer/ui/viewing/crosslinks.py" line="+90"/>
        <source>No 3D cursor: this image has no position in the patient.</source>
        <translation>3D カーソルを置けません: この画像には患者座標上の位置がありません。</translation>
    </message>
</context>
<context>
    <name>DocumentView</name>
    <message>
        <location filename="../../viewer/ui/viewing/document_view.py" line="+62"/>
        <source>Save document...</source>
        <translation>文書を保存...</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+156"/>
        <source>Open in the system viewer</source>
        <translation>システムのビューアで開く</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>The document could not be read: %1</source>
        <translation>文書を読み込めませんでした: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A %1 document is not displayed here; save it to open it with a program for %1 files.</source>
        <translation>%1 文書はここには表示されません。保存して %1 ファイル用のプログラムで開いてください。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The PDF could not be read: %1</source>
        <translation>PDF を読み込めませんでした: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n ページ</numerusform>
        </translation>
    </message>
    <message>
        <location line="+75"/>
        <location line="+11"/>
        <source>Save document</source>
        <translation>文書を保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The document could not be saved: %1</source>
        <translation>文書を保存できませんでした: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No program is set up to open PDF files.</source>
        <translation>PDF ファイルを開くプログラムが設定されていません。</translation>
    </message>
</context>
<context>
    <name>FileField</name>
    <message>
        <location filename="../../viewer/ui/listener_settings.py" line="+53"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
</context>
<context>
    <name>Hanging</name>
    <message>
        <location filename="../../viewer/ui/hanging_dialog.py" line="+218"/>
        <source>Open a study first</source>
        <translation>先に検査を開いてください</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save current layout as protocol</source>
        <translation>現在のレイアウトをプロトコルとして保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protocol name:</source>
        <translation>プロトコル名:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The protocol was not saved: %1</source>
        <translation>プロトコルを保存できませんでした: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saved hanging protocol %1</source>
        <translation>ハンギングプロトコル %1 を保存しました</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/viewing/hanging.py" line="+86"/>
        <source>Hanging protocols not read (the built-in ones are used): %1</source>
        <translation>ハンギングプロトコルを読み込めません (組み込みのものを使います): %1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Next protocol stage</source>
        <translation>プロトコルの次のステージ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous protocol stage</source>
        <translation>プロトコルの前のステージ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save current layout as protocol…</source>
        <translation>現在のレイアウトをプロトコルとして保存…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hanging protocols…</source>
        <translation>ハンギングプロトコル…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hanging protocol</source>
        <translation>ハンギングプロトコル</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>No hanging protocol is applied</source>
        <translation>ハンギングプロトコルは適用されていません</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Hanging protocol: %1, stage %2 of %3</source>
        <translation>ハンギングプロトコル: %1、ステージ %2/%3</translation>
    </message>
</context>
<context>
    <name>HangingProtocolsDialog</name>
    <message>
        <location filename="../../viewer/ui/hanging_dialog.py" line="-203"/>
        <source>Hanging protocols</source>
        <translation>ハンギングプロトコル</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload</source>
        <translation>再読み込み</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>(built-in)</source>
        <translation>(組み込み)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(changed built-in)</source>
        <translation>(変更した組み込み)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The protocols file is not used until it reads (fix it, then Reload): %1</source>
        <translation>プロトコルファイルは読み込めるまで使われません (修正してから再読み込みしてください): %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Not valid JSON: line %1, column %2</source>
        <translation>JSON として正しくありません: %1 行 %2 列</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Applied; OK saves the protocols.</source>
        <translation>適用しました。OK でプロトコルを保存します。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New protocol</source>
        <translation>新しいプロトコル</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The protocols were not saved: %1</source>
        <translation>プロトコルを保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../viewer/ui/help.py" line="+36"/>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where</source>
        <translation>場所</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="+99"/>
        <location line="+50"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Details…</source>
        <translation>詳細…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What failed, and why</source>
        <translation>失敗したものとその理由</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask again for what failed</source>
        <translation>失敗したものをもう一度要求します</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{done} done · {left} remaining · {failed} failed</source>
        <translation>完了 {done} · 残り {left} · 失敗 {failed}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Failed: {title}</source>
        <translation>失敗: {title}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{what}: {why}</source>
        <translation>{what}: {why}</translation>
    </message>
</context>
<context>
    <name>KeyImageControls</name>
    <message numerus="yes">
        <location filename="../../viewer/ui/viewing/key_controls.py" line="+116"/>
        <source>%n selected image(s) not open</source>
        <translation>
            <numerusform>選択された画像のうち %n 枚は開かれていません</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeyImages</name>
    <message>
        <location line="-9"/>
        <source>Key images</source>
        <translation>キー画像</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/viewing/key_marking.py" line="+61"/>
        <location line="+18"/>
        <source>No image is shown: nothing to mark.</source>
        <translation>画像が表示されていないため、マークできません。</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Marked as a key image (Of Interest)</source>
        <translation>キー画像としてマークしました (Of Interest)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No longer a key image of this session</source>
        <translation>このセッションのキー画像から外しました</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Key image note</source>
        <translation>キー画像のメモ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note on this study&apos;s key images:</source>
        <translation>この検査のキー画像へのメモ:</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Key images not saved: %1</source>
        <translation>キー画像を保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>LabelDialog</name>
    <message>
        <location filename="../../viewer/ui/viewing/gsps_dialog.py" line="+45"/>
        <source>Save presentation state</source>
        <translation>プレゼンテーションステートを保存</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Label:</source>
        <translation>ラベル:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description:</source>
        <translation>説明:</translation>
    </message>
</context>
<context>
    <name>ListenerFields</name>
    <message>
        <location filename="../../viewer/ui/listener_settings.py" line="+24"/>
        <source>Below this much free disk space the listener refuses what it is sent (0 MB: no limit).</source>
        <translation>空き容量がこれを下回ると、受信を拒否します (0 MB: 制限なし)。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: any. Or a list such as PACS1, CT_SCANNER</source>
        <translation>空欄: すべて許可。または PACS1, CT_SCANNER のような一覧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use DICOM TLS (TLS connections only)</source>
        <translation>DICOM TLS を使用する (TLS 接続のみ受け付け)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate</source>
        <translation>証明書</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Private key</source>
        <translation>秘密鍵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Require client certificates signed by the CA</source>
        <translation>CA が署名したクライアント証明書を必須にする</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CA certificates</source>
        <translation>CA 証明書</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Bind address:</source>
        <translation>バインドアドレス:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep free on disk:</source>
        <translation>確保する空き容量:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Security (Storage SCP)</source>
        <translation>セキュリティ (Storage SCP)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accept calling AE titles:</source>
        <translation>受け付ける発呼 AE タイトル:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate:</source>
        <translation>証明書:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Private key:</source>
        <translation>秘密鍵:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CA file:</source>
        <translation>CA ファイル:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not an IP address (0.0.0.0: every network interface).</source>
        <translation>IP アドレスではありません (0.0.0.0: すべてのネットワークインターフェース)。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter a size with its unit, such as 500 MB or 2 GB.</source>
        <translation>500 MB や 2 GB のように単位付きで入力してください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Separate AE titles with commas; each is 1 to 16 ASCII characters, no backslash or control characters.</source>
        <translation>AE タイトルはカンマで区切ってください。各タイトルは 1～16 文字の ASCII 文字で、バックスラッシュや制御文字は使えません。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This file does not exist or cannot be read.</source>
        <translation>このファイルは存在しないか、読み取れません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TLS needs the listener&apos;s certificate file.</source>
        <translation>TLS には受信側の証明書ファイルが必要です。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Requiring client certificates needs the CA file.</source>
        <translation>クライアント証明書を必須にするには CA ファイルが必要です。</translation>
    </message>
</context>
<context>
    <name>ListenerStatus</name>
    <message>
        <location filename="../../viewer/ui/status.py" line="+36"/>
        <source>Storage SCP: starting…</source>
        <translation>Storage SCP: 起動中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● Listening {address} again: {reason}</source>
        <translation>● 受信待機中 {address}（再起動しました: {reason}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>● Listening {address}</source>
        <translation>● 受信待機中 {address}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The Storage SCP accepts C-STORE (and C-MOVE results) as {aet} on port {port}</source>
        <translation>Storage SCP は {aet} としてポート {port} で C-STORE（および C-MOVE の結果）を受け付けます</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>● Not listening on {port}: {reason}</source>
        <translation>● ポート {port} で受信できません: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change the port in Settings; retrieves fall back to C-GET meanwhile.</source>
        <translation>設定でポートを変更してください。それまでの間、取得には C-GET を使用します。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>⇣ Receiving from {who}</source>
        <translation>⇣ {who} から受信中</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>⇣ Received %n instance(s)</source>
        <translation>
            <numerusform>⇣ %n 画像を受信しました</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LocalStudiesPanel</name>
    <message>
        <location filename="../../viewer/ui/local_studies.py" line="+71"/>
        <source>Search patient, ID, description, accession, modality</source>
        <translation>患者名、患者ID、検査説明、アクセッション番号、モダリティで検索</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any date</source>
        <translation>すべての日付</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>過去 7 日間</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 31 days</source>
        <translation>過去 31 日間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last year</source>
        <translation>過去 1 年間</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Opening the local archive…</source>
        <translation>ローカルアーカイブを開いています…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Local archive unavailable: {reason}</source>
        <translation>ローカルアーカイブを使用できません: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+63"/>
        <source>Studies: %n</source>
        <translation>
            <numerusform>検査: %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Studies: {shown} of {total}</source>
        <translation>検査: {total} 件中 {shown} 件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No studies on this workstation yet.
Query an archive (Ctrl+2), or drop files, folders or a DICOMDIR here.</source>
        <translation>このワークステーションにはまだ検査がありません。
アーカイブを検索する (Ctrl+2) か、ファイル・フォルダー・DICOMDIR をここにドロップしてください。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Query an archive</source>
        <translation>アーカイブを検索</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No studies match “{text}”.</source>
        <translation>「{text}」に一致する検査はありません。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No studies in this date range.</source>
        <translation>この期間の検査はありません。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show all studies</source>
        <translation>すべての検査を表示</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../../viewer/ui/log_panel.py" line="+23"/>
        <source>Associations and instances received by the Storage SCP, and network errors, appear here.</source>
        <translation>Storage SCP のアソシエーションと受信した画像、ネットワークエラーがここに表示されます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>association opened</source>
        <translation>アソシエーション確立</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>association released</source>
        <translation>アソシエーション解放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>association aborted</source>
        <translation>アソシエーション中断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>association rejected</source>
        <translation>アソシエーション拒否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>instance received</source>
        <translation>画像を受信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>instance refused</source>
        <translation>画像の受信を拒否</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>error</source>
        <translation>エラー</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="+33"/>
        <location line="+209"/>
        <source>DICOM Viewer</source>
        <translation>DICOM Viewer</translation>
    </message>
    <message>
        <location line="-196"/>
        <source>Presentation state not stored</source>
        <translation>プレゼンテーションステートを保存できませんでした</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Local studies</source>
        <translation>ローカル検査</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Query / Retrieve</source>
        <translation>検索 / 取得</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+277"/>
        <source>Viewer</source>
        <translation>ビューア</translation>
    </message>
    <message>
        <location line="-274"/>
        <source>Transfers</source>
        <translation>転送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Settings file</source>
        <translation>設定ファイル</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Open files…</source>
        <translation>ファイルを開く(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;folder…</source>
        <translation>フォルダーを開く(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Local studies</source>
        <translation>ローカル検査(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Query / Retrieve</source>
        <translation>検索 / 取得(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Viewer</source>
        <translation>ビューア(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Find</source>
        <translation>検索(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open study</source>
        <translation>検査を開く</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Delete study…</source>
        <translation>検査を削除(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export study as &amp;PNG files…</source>
        <translation>検査を PNG ファイルにエクスポート(&amp;P)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export &amp;anonymized…</source>
        <translation>匿名化してエクスポート(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as &amp;zip…</source>
        <translation>zip でエクスポート(&amp;Z)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to &amp;CD/DVD folder…</source>
        <translation>CD/DVD 用フォルダーにエクスポート(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Print…</source>
        <translation>フィルムに印刷(&amp;P)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export displayed &amp;image as PNG…</source>
        <translation>表示中の画像を PNG にエクスポート(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Compare with prior</source>
        <translation>過去検査と比較(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Refresh</source>
        <translation>最新の情報に更新(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Retrieve selected</source>
        <translation>選択項目を取得(&amp;R)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About</source>
        <translation>バージョン情報(&amp;A)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Study</source>
        <translation>検査(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send &amp;to</source>
        <translation>送信先(&amp;T)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Local archive</source>
        <translation>ローカルアーカイブ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo archive</source>
        <translation>デモアーカイブ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings not saved</source>
        <translation>設定を保存できませんでした</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings saved</source>
        <translation>設定を保存しました</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Storage SCP listening as {address}</source>
        <translation>Storage SCP が {address} で受信待機中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Storage SCP not listening on port {port}: {reason}</source>
        <translation>Storage SCP がポート {port} で受信できません: {reason}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{title} – DICOM Viewer</source>
        <translation>{title} – DICOM Viewer</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Open DICOM files</source>
        <translation>DICOM ファイルを開く</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open a folder (or a CD/DVD)</source>
        <translation>フォルダー（または CD/DVD）を開く</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Window</source>
        <translation>ウィンドウ</translation>
    </message>
</context>
<context>
    <name>Measurements</name>
    <message>
        <location filename="../../viewer/ui/viewing/measurements.py" line="+37"/>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 mm (detector)</source>
        <translation>%1 mm（検出器面）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 mm</source>
        <translation>%1 mm</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Area %1 px²</source>
        <translation>面積 %1 px²</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Area %1 mm² (detector)</source>
        <translation>面積 %1 mm²（検出器面）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area %1 mm²</source>
        <translation>面積 %1 mm²</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Mean %1 SD %2</source>
        <translation>平均 %1 SD %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Min %1 Max %2</source>
        <translation>最小 %1 最大 %2</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>No statistics for colour images</source>
        <translation>カラー画像の統計値は計測できません</translation>
    </message>
</context>
<context>
    <name>MprMode</name>
    <message>
        <location filename="../../viewer/ui/viewing/mpr_bar.py" line="+27"/>
        <source>mm</source>
        <translation>mm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Slab thickness (0: the plane alone)</source>
        <translation>スラブ厚 (0: 断面のみ)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>MIP</source>
        <translation>MIP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MinIP</source>
        <translation>MinIP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average</source>
        <translation>平均</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slab</source>
        <translation>スラブ</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/viewing/mpr_view.py" line="+88"/>
        <source>Building the volume…</source>
        <translation>ボリュームを作成中…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>MPR needs a viewport showing an image series.</source>
        <translation>MPR には画像シリーズを表示しているビューポートが必要です。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Building the volume: %1 of %2 slices</source>
        <translation>ボリュームを作成中: %2 スライス中 %1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No MPR of this series: %1</source>
        <translation>このシリーズの MPR は作成できません: %1</translation>
    </message>
</context>
<context>
    <name>ObjectPanel</name>
    <message>
        <location filename="../../viewer/ui/viewing/object_panel.py" line="+68"/>
        <source>%1: not displayed as an image; its attributes:</source>
        <translation>%1: 画像としては表示されません。属性:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: the waveform cannot be drawn (%2); its attributes:</source>
        <translation>%1: 波形を描画できません (%2)。属性:</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../viewer/ui/operations.py" line="+40"/>
        <source>it is still opening</source>
        <translation>まだ開いている途中です</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local archive unavailable</source>
        <translation>ローカルアーカイブを使用できません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The local archive cannot be used: {reason}</source>
        <translation>ローカルアーカイブを使用できません: {reason}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{title}: {outcome}</source>
        <translation>{title}: {outcome}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import {names}</source>
        <translation>{names} をインポート</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{imported} imported, {duplicates} already there, {skipped} skipped</source>
        <translation>インポート {imported}、登録済み {duplicates}、スキップ {skipped}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>… and {n} more</source>
        <translation>… ほか {n} 件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some files were not imported</source>
        <translation>インポートされなかったファイルがあります</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These files are not DICOM images the viewer can use:</source>
        <translation>次のファイルはこのビューアで使用できる DICOM 画像ではありません:</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Opening {what}…</source>
        <translation>{what} を開いています…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot open</source>
        <translation>開けません</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Nothing to show</source>
        <translation>表示できるものがありません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opened {what}</source>
        <translation>{what} を開きました</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete failed</source>
        <translation>削除に失敗しました</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Deleted {what} (%n instance(s))</source>
        <translation>
            <numerusform>{what} を削除しました（%n 画像）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Send {what} to {node}</source>
        <translation>{what} を {node} へ送信</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{sent} sent, {failed} failed</source>
        <translation>送信 {sent}、失敗 {failed}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Export {what}</source>
        <translation>{what} をエクスポート</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n image(s) written to {folder}, {failed} failed</source>
        <translation>
            <numerusform>{folder} に %n 画像を書き出しました、失敗 {failed}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export {what} anonymized</source>
        <translation>{what} を匿名化してエクスポート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export {what} as zip</source>
        <translation>{what} を zip でエクスポート</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n file(s) written to {output}; {unreadable} unreadable, {burned} skipped for burned-in annotation</source>
        <translation>
            <numerusform>%n 個のファイルを {output} に書き出しました。読めないもの {unreadable} 個、焼き込み注釈のため除外 {burned} 個</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>CD/DVD folder of {what}</source>
        <translation>{what} の CD/DVD 用フォルダー</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n instance(s) written to {folder}, {failed} skipped</source>
        <translation>
            <numerusform>%n 件のインスタンスを {folder} に書き込みました。スキップ {failed} 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Print %n image(s) on {node}</source>
        <translation>
            <numerusform>{node} で %n 画像を印刷</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n film(s) printed</source>
        <translation>
            <numerusform>%n 枚のフィルムを印刷しました</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved {path}</source>
        <translation>{path} を保存しました</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
</context>
<context>
    <name>OrientationLetters</name>
    <message>
        <location filename="../../viewer/ui/viewing/edges.py" line="+34"/>
        <source>R</source>
        <comment>patient&apos;s right</comment>
        <translation>R</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L</source>
        <comment>patient&apos;s left</comment>
        <translation>L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A</source>
        <comment>anterior</comment>
        <translation>A</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P</source>
        <comment>posterior</comment>
        <translation>P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>H</source>
        <comment>head</comment>
        <translation>H</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F</source>
        <comment>foot</comment>
        <translation>F</translation>
    </message>
</context>
<context>
    <name>PresentationStates</name>
    <message>
        <location filename="../../viewer/ui/viewing/gsps_controls.py" line="+73"/>
        <source>Presentation state applied to the active viewport</source>
        <translation>アクティブなビューポートに適用するプレゼンテーションステート</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>No presentation state</source>
        <translation>プレゼンテーションステートなし</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No presentation states</source>
        <translation>プレゼンテーションステートはありません</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No image is shown: nothing to save.</source>
        <translation>画像が表示されていないため、保存するものがありません。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Presentation state not saved: %1</source>
        <translation>プレゼンテーションステートを保存できませんでした: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Presentation state %1 saved: %2</source>
        <translation>プレゼンテーションステート %1 を保存しました: %2</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Save presentation state</source>
        <translation>プレゼンテーションステートを保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DICOM files (*.dcm);;All files (*)</source>
        <translation>DICOM ファイル (*.dcm);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/viewing/state_kinds.py" line="+14"/>
        <source>colour</source>
        <translation>カラー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pseudo-colour</source>
        <translation>疑似カラー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>blending</source>
        <translation>ブレンディング</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../viewer/ui/viewing/toolbar.py" line="+13"/>
        <source>Image default</source>
        <translation>画像の既定値</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Brain</source>
        <translation>脳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subdural</source>
        <translation>硬膜下</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stroke</source>
        <translation>脳梗塞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lung</source>
        <translation>肺野</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mediastinum</source>
        <translation>縦隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abdomen</source>
        <translation>腹部</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Liver</source>
        <translation>肝臓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bone</source>
        <translation>骨</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="+54"/>
        <source>Print on film</source>
        <translation>フィルムに印刷</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The displayed image</source>
        <translation>表示中の画像</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>All images of the series (%n)</source>
        <translation>
            <numerusform>シリーズのすべての画像 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Portrait</source>
        <translation>縦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landscape</source>
        <translation>横</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>8 bits</source>
        <translation>8 ビット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>12 bits</source>
        <translation>12 ビット</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Print</source>
        <translation>印刷</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer status</source>
        <translation>プリンターの状態</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Printer:</source>
        <translation>プリンター:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Print:</source>
        <translation>印刷対象:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layout (columns x rows):</source>
        <translation>レイアウト (列 x 行):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Film size:</source>
        <translation>フィルムサイズ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orientation:</source>
        <translation>向き:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medium:</source>
        <translation>媒体:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Magnification:</source>
        <translation>拡大方法:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies:</source>
        <translation>部数:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority:</source>
        <translation>優先度:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Border density:</source>
        <translation>枠の濃度:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty image density:</source>
        <translation>空きコマの濃度:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bits per pixel:</source>
        <translation>ピクセルあたりのビット数:</translation>
    </message>
    <message numerus="yes">
        <location line="+104"/>
        <source>%n film(s)</source>
        <translation>
            <numerusform>フィルム %n 枚</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PriorComparison</name>
    <message>
        <location filename="../../viewer/ui/compare.py" line="+64"/>
        <location line="+7"/>
        <location line="+29"/>
        <location line="+7"/>
        <location line="+23"/>
        <source>Compare with prior</source>
        <translation>過去検査と比較</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>There is no other study of this patient to compare with.</source>
        <translation>この患者には比較できる他の検査がありません。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The prior is not on this workstation; choose the archive that holds it.</source>
        <translation>過去検査はこのワークステーションにありません。それを保持するアーカイブを選んでください。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Retrieving the prior {what}…</source>
        <translation>過去検査 {what} を取得中…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the archive sent no images</source>
        <translation>アーカイブから画像が送られてきませんでした</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prior could not be retrieved: {reason}</source>
        <translation>過去検査を取得できませんでした: {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local archive cannot be used.</source>
        <translation>ローカルアーカイブを使用できません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opening {what} with its prior…</source>
        <translation>{what} を過去検査と並べて開いています…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot open</source>
        <translation>開けません</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The study or its prior has no files on this workstation.</source>
        <translation>この検査または過去検査のファイルがこのワークステーションにありません。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{current} compared with the prior of {date} – DICOM Viewer</source>
        <translation>{current} と {date} の過去検査の比較 – DICOM Viewer</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n series pair(s) matched</source>
        <translation>
            <numerusform>%n 組のシリーズが対応しました</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prior {date}</source>
        <translation>過去 {date}</translation>
    </message>
</context>
<context>
    <name>Priors</name>
    <message>
        <location filename="../../viewer/ui/priors.py" line="+51"/>
        <source>Scroll with the prior</source>
        <translation>過去検査と連動スクロール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scroll the current and prior series together; turned on again, the slices shown then stay together</source>
        <translation>今回と過去のシリーズを一緒にスクロールします。再びオンにすると、その時表示しているスライス同士が対応し続けます</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Open or select one study to compare it with a prior</source>
        <translation>過去検査と比較する検査を1つ開くか選択してください</translation>
    </message>
</context>
<context>
    <name>PriorsPanel</name>
    <message>
        <location filename="../../viewer/ui/priors_panel.py" line="+51"/>
        <source>Other studies of this patient</source>
        <translation>この患者の他の検査</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where else to look for the patient&apos;s studies</source>
        <translation>患者の検査を探すほかの場所</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modalities</source>
        <translation>モダリティ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation>場所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>検査説明</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Compare with prior</source>
        <translation>過去検査と比較</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open this study and the selected one (else the newest older one) side by side</source>
        <translation>この検査と選択した検査(なければ直近の過去検査)を並べて開きます</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>This workstation</source>
        <translation>このワークステーション</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>No Patient ID: the patient&apos;s other studies cannot be looked for.</source>
        <translation>患者IDがないため、患者の他の検査を探せません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Looking for the patient&apos;s studies on {node}…</source>
        <translation>{node} で患者の検査を探しています…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The archive could not be asked: {reason}</source>
        <translation>アーカイブに問い合わせできませんでした: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n study(ies) of this patient on {node}</source>
        <translation>
            <numerusform>{node} にこの患者の検査 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Local, {node}</source>
        <translation>ローカル, {node}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local</source>
        <translation>ローカル</translation>
    </message>
</context>
<context>
    <name>QueryForm</name>
    <message>
        <location filename="../../viewer/ui/query_form.py" line="+28"/>
        <source>Archive to search (configured in Settings)</source>
        <translation>検索するアーカイブ（設定で登録）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Echo</source>
        <translation>Echo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check that the archive answers (C-ECHO)</source>
        <translation>アーカイブが応答するか確認します (C-ECHO)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. DOE or DOE^J* (a trailing * is implied)</source>
        <translation>例: YAMADA または YAMADA^T*（末尾の * は省略可）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exact ID, or with * and ?</source>
        <translation>完全一致、または * と ? を使用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>words in the study description</source>
        <translation>検査説明に含まれる語</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fuzzy name matching</source>
        <translation>あいまいな名前の一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask a DICOMweb archive that offers it to match names that sound or are spelled alike (QIDO-RS fuzzymatching)</source>
        <translation>対応する DICOMweb アーカイブに、発音や綴りが似た名前も一致させるよう求めます（QIDO-RS fuzzymatching）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Any date</source>
        <translation>すべての日付</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>過去 7 日間</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 31 days</source>
        <translation>過去 31 日間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date range</source>
        <translation>期間指定</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Archive:</source>
        <translation>アーカイブ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patient name:</source>
        <translation>患者名:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patient ID:</source>
        <translation>患者ID:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accession number:</source>
        <translation>アクセッション番号:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Study date:</source>
        <translation>検査日:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modality:</source>
        <translation>モダリティ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Study description:</source>
        <translation>検査説明:</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No archive configured: see Settings</source>
        <translation>アーカイブが登録されていません。設定を確認してください</translation>
    </message>
</context>
<context>
    <name>QueryPanel</name>
    <message>
        <location filename="../../viewer/ui/query_panel.py" line="+115"/>
        <location line="+236"/>
        <source>Retrieve</source>
        <translation>取得</translation>
    </message>
    <message>
        <location line="-235"/>
        <source>Retrieve the selected studies or series</source>
        <translation>選択した検査またはシリーズを取得します</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Choose an archive first (Settings &gt; Archives).</source>
        <translation>先にアーカイブを選択してください（設定 &gt; アーカイブ）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Searching {name}…</source>
        <translation>{name} を検索中…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Expand to list the series</source>
        <translation>展開するとシリーズを一覧表示します</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Search failed: {reason}</source>
        <translation>検索に失敗しました: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>QIDO-RS failed: {reason}</source>
        <translation>QIDO-RS に失敗しました: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C-FIND failed: {reason}</source>
        <translation>C-FIND に失敗しました: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Studies found so far: %n</source>
        <translation>
            <numerusform>これまでに見つかった検査: %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Studies found: %n (search cancelled)</source>
        <translation>
            <numerusform>見つかった検査: %n 件（検索を中止しました）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Studies found: %n</source>
        <translation>
            <numerusform>見つかった検査: %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not everything could be listed: {reason}</source>
        <translation>一部を一覧にできませんでした: {reason}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Loading series…</source>
        <translation>シリーズを読み込み中…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Series search failed: {reason}</source>
        <translation>シリーズの検索に失敗しました: {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No series</source>
        <translation>シリーズがありません</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Retrieve and open</source>
        <translation>取得して開く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to…</source>
        <translation>送信先…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Have the archive send the selection to another node</source>
        <translation>選択したものをアーカイブから別のノードへ送信させます</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>%n studies or series</source>
        <translation>
            <numerusform>%n 件の検査またはシリーズ</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Echo…</source>
        <translation>Echo…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>OK ({ms:.1f} ms)</source>
        <translation>OK ({ms:.1f} ms)</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <location filename="../../viewer/ui/viewing/report_view.py" line="+87"/>
        <source>Report</source>
        <translation>レポート</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Observation context</source>
        <translation>観察コンテキスト</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Study</source>
        <translation>検査</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accession number</source>
        <translation>受付番号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Series</source>
        <translation>シリーズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Content date/time</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Complete</source>
        <translation>完了</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Partial</source>
        <translation>未完了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified</source>
        <translation>検証済み</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unverified</source>
        <translation>未検証</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>verified by %1, %2 on %3</source>
        <translation>%1（%2）が %3 に検証</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(untitled section)</source>
        <translation>（無題のセクション）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>inferred from</source>
        <translation>推論元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>observation context</source>
        <translation>観察コンテキスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>concept modifier</source>
        <translation>概念修飾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>acquisition context</source>
        <translation>取得コンテキスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>property</source>
        <translation>特性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>selected from</source>
        <translation>選択元</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>(%n point(s))</source>
        <translation>
            <numerusform>（%n 点）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>frame %1</source>
        <translation>フレーム %1</translation>
    </message>
</context>
<context>
    <name>Retrieves</name>
    <message>
        <location filename="../../viewer/ui/retrieving.py" line="+38"/>
        <source>Retrieve {what} from {node}</source>
        <translation>{node} から {what} を取得</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n failed instance(s) of {what}</source>
        <translation>
            <numerusform>{what} の失敗したインスタンス %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send {what} from {node} to {destination}</source>
        <translation>{what} を {node} から {destination} へ送信</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting for another retrieve to end…</source>
        <translation>他の取得の終了を待っています…</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+28"/>
        <source>Cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>complete, %n instance(s)</source>
        <translation>
            <numerusform>完了、%n 画像</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>not received by {destination} (the archive&apos;s Failed SOP Instance UID List)</source>
        <translation>{destination} に届きませんでした(アーカイブの Failed SOP Instance UID List)</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n instance(s) sent to {destination}</source>
        <translation>
            <numerusform>%n 画像を {destination} へ送信しました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Cancelled: %n instance(s) sent to {destination} before</source>
        <translation>
            <numerusform>キャンセルしました: それまでに %n 画像を {destination} へ送信しました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n of {total} instance(s) reached {destination}</source>
        <translation>
            <numerusform>{total} 画像のうち %n 画像が {destination} に届きました</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The archive does not know the destination {destination}: add {destination} (its host and port) to the archive&apos;s DICOM nodes.</source>
        <translation>アーカイブは送信先 {destination} を知りません: {destination}(ホストとポート)をアーカイブの DICOM ノードに追加してください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The archive cannot reach the destination {destination}: is it running?</source>
        <translation>アーカイブは送信先 {destination} に接続できません: 送信先は起動していますか?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The archive refused to send to {destination}: it does not know that AE title, or cannot reach it.</source>
        <translation>アーカイブは {destination} への送信を拒否しました: その AE タイトルを知らないか、接続できません。</translation>
    </message>
</context>
<context>
    <name>RtPlanView</name>
    <message>
        <location filename="../../viewer/ui/viewing/rt_summary.py" line="+47"/>
        <source>RT Plan</source>
        <translation>RT プラン</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan date</source>
        <translation>プラン日時</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+17"/>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Intent</source>
        <translation>目的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Geometry</source>
        <translation>ジオメトリ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Approval</source>
        <translation>承認</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Prescription</source>
        <translation>処方</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fraction groups</source>
        <translation>分割グループ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beams</source>
        <translation>ビーム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No dose reference is given.</source>
        <translation>線量基準の記載はありません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+14"/>
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+14"/>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Structure</source>
        <translation>構造</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prescribed (Gy)</source>
        <translation>処方線量 (Gy)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Maximum (Gy)</source>
        <translation>最大線量 (Gy)</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n fraction(s)</source>
        <translation>
            <numerusform>%n 回分割</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fractions not given</source>
        <translation>分割回数の記載なし</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Group %1: %2, %3</source>
        <translation>グループ %1: %2、%3</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n beam(s)</source>
        <translation>
            <numerusform>%n ビーム</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Radiation</source>
        <translation>放射線</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Machine</source>
        <translation>治療装置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Energy (MeV)</source>
        <translation>エネルギー (MeV)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gantry (°)</source>
        <translation>ガントリー角 (°)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collimator (°)</source>
        <translation>コリメーター角 (°)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Couch (°)</source>
        <translation>寝台角 (°)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Control points</source>
        <translation>コントロールポイント</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meterset</source>
        <translation>メーターセット</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dose (Gy)</source>
        <translation>線量 (Gy)</translation>
    </message>
</context>
<context>
    <name>SendToDialog</name>
    <message>
        <location filename="../../viewer/ui/send_to_dialog.py" line="+17"/>
        <source>Send to another node</source>
        <translation>別のノードへ送信</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{archive} sends {what} to the DICOM node with this AE title. The archive must know that AE title (its host and port).</source>
        <translation>{archive} が {what} をこの AE タイトルの DICOM ノードへ送信します。アーカイブがその AE タイトル(ホストとポート)を知っている必要があります。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>AE title</source>
        <translation>AE タイトル</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>An AE title is 1 to 16 printable ASCII characters, without backslash.</source>
        <translation>AE タイトルは 1~16 文字の印字可能な ASCII 文字です(バックスラッシュは使えません)。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type the destination&apos;s AE title.</source>
        <translation>送信先の AE タイトルを入力してください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That is this viewer&apos;s own AE title: use Retrieve instead.</source>
        <translation>それはこのビューアー自身の AE タイトルです: 代わりに「取得」を使ってください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved node {name} ({host}:{port}).</source>
        <translation>保存済みノード {name} ({host}:{port})。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a saved node: the archive must know this AE title.</source>
        <translation>保存済みノードではありません: アーカイブがこの AE タイトルを知っている必要があります。</translation>
    </message>
</context>
<context>
    <name>SeriesStrip</name>
    <message>
        <location filename="../../viewer/ui/viewing/strip.py" line="+127"/>
        <location line="+2"/>
        <source>Report</source>
        <translation>レポート</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Key images</source>
        <translation>キー画像</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Series</source>
        <translation>シリーズ</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 画像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>★ %n key image(s)</source>
        <translation>
            <numerusform>★ キー画像 %n 枚</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../viewer/ui/settings_dialog.py" line="+30"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AE title</source>
        <translation>AE タイトル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Retrieve with</source>
        <translation>取得方法</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Printer (not an archive)</source>
        <translation>プリンター (アーカイブではありません)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This workstation (Storage SCP)</source>
        <translation>このワークステーション (Storage SCP)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AE title:</source>
        <translation>AE タイトル:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store folder:</source>
        <translation>保存先フォルダー:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new language applies when the viewer is restarted.</source>
        <translation>言語の変更はビューアの再起動後に反映されます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Archives (PACS)</source>
        <translation>アーカイブ (PACS)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Echo</source>
        <translation>Echo</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Store folder</source>
        <translation>保存先フォルダー</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>C-MOVE (to this workstation)</source>
        <translation>C-MOVE（このワークステーションへ）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C-GET</source>
        <translation>C-GET</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New archive</source>
        <translation>新しいアーカイブ</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>row {n}</source>
        <translation>{n} 行目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Archive {label}: give it a name.</source>
        <translation>アーカイブ {label}: 名前を入力してください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Archive {label}: the AE title must be 1 to 16 ASCII characters without backslash.</source>
        <translation>アーカイブ {label}: AE タイトルはバックスラッシュを含まない 1～16 文字の ASCII 文字にしてください。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Archive {label}: the port must be a number from 1 to 65535.</source>
        <translation>アーカイブ {label}: ポートは 1～65535 の数値にしてください。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Archive {label}: {reason}</source>
        <translation>アーカイブ {label}: {reason}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The AE title must be 1 to 16 ASCII characters without backslash.</source>
        <translation>AE タイトルはバックスラッシュを含まない 1～16 文字の ASCII 文字にしてください。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a store folder.</source>
        <translation>保存先フォルダーを選択してください。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Two archives are called {name!r}: names must differ.</source>
        <translation>{name!r} という名前のアーカイブが 2 つあります。名前は重複できません。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Select an archive to echo.</source>
        <translation>Echo を送るアーカイブを選択してください。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Echo {name}…</source>
        <translation>{name} に Echo 中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: OK ({ms:.1f} ms)</source>
        <translation>{name}: OK ({ms:.1f} ms)</translation>
    </message>
</context>
<context>
    <name>StructureSetControls</name>
    <message>
        <location filename="../../viewer/ui/viewing/rt_controls.py" line="+196"/>
        <source>The images this structure set was drawn on are not shown: open them to see its contours.</source>
        <translation>このストラクチャセットの作成に使われた画像が表示されていません。輪郭を見るにはその画像を開いてください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Placing the contours on the images…</source>
        <translation>画像に輪郭を配置しています…</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n contour(s) lie on no image shown.</source>
        <translation>
            <numerusform>%n 個の輪郭は表示中のどの画像上にもありません。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StructureSetPanel</name>
    <message>
        <location filename="../../viewer/ui/viewing/rt_panel.py" line="+89"/>
        <source>Reading the structure set…</source>
        <translation>ストラクチャセットを読み込み中…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The structure set cannot be read: %1</source>
        <translation>ストラクチャセットを読み込めません: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Structure set</source>
        <translation>ストラクチャセット</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n ROI(s)</source>
        <translation>
            <numerusform>%n 個の ROI</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n contour(s)</source>
        <translation>
            <numerusform>%n 個の輪郭</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StudyActions</name>
    <message>
        <location filename="../../viewer/ui/study_actions.py" line="+42"/>
        <source>Send to</source>
        <translation>送信先</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Send series to</source>
        <translation>シリーズの送信先</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(no archive configured)</source>
        <translation>（アーカイブが登録されていません）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Select a study to send</source>
        <translation>送信する検査を選択してください</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delete studies</source>
        <translation>検査の削除</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete the selected studies (%n) from the local archive? Their files are removed.</source>
        <translation>
            <numerusform>選択した検査（%n 件）をローカルアーカイブから削除しますか？ファイルも削除されます。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+17"/>
        <location line="+27"/>
        <location line="+24"/>
        <source>Select a study to export</source>
        <translation>エクスポートする検査を選択してください</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Export to folder</source>
        <translation>フォルダーにエクスポート</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Export anonymized as zip</source>
        <translation>匿名化して zip でエクスポート</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export anonymized to folder</source>
        <translation>匿名化してフォルダーにエクスポート</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export as zip</source>
        <translation>zip でエクスポート</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zip archives (*.zip)</source>
        <translation>zip アーカイブ (*.zip)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export to CD/DVD folder (choose an empty folder)</source>
        <translation>CD/DVD 用フォルダーにエクスポート (空のフォルダーを選択)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export to CD/DVD folder</source>
        <translation>CD/DVD 用フォルダーにエクスポート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{folder} is not empty. Choose an empty folder: its contents are burnt to the disc as they are.</source>
        <translation>{folder} は空ではありません。空のフォルダーを選択してください。フォルダーの内容がそのままディスクに書き込まれます。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n studies</source>
        <translation>
            <numerusform>%n 件の検査</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+30"/>
        <source>No image is displayed</source>
        <translation>画像が表示されていません</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Print</source>
        <translation>印刷</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No printer is configured. Add a node with &quot;kind&quot;: &quot;printer&quot; to the settings file (see the README, Configuration).</source>
        <translation>プリンターが登録されていません。設定ファイルに &quot;kind&quot;: &quot;printer&quot; のノードを追加してください (README の「Configuration」を参照)。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Export image</source>
        <translation>画像のエクスポート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
</context>
<context>
    <name>StudyRows</name>
    <message>
        <location filename="../../viewer/ui/study_rows.py" line="+29"/>
        <source>Patient name</source>
        <translation>患者名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Patient ID</source>
        <translation>患者ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Study date</source>
        <translation>検査日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modalities</source>
        <translation>モダリティ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Description</source>
        <translation>検査説明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accession #</source>
        <translation>アクセッション番号</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+81"/>
        <source>Series</source>
        <translation>シリーズ</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>Images</source>
        <translation>画像数</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Series {number}</source>
        <translation>シリーズ {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{series}: {description}</source>
        <translation>{series}: {description}</translation>
    </message>
</context>
<context>
    <name>TagBrowser</name>
    <message>
        <location filename="../../viewer/ui/viewing/tagbrowser.py" line="+31"/>
        <source>DICOM tags</source>
        <translation>DICOM タグ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter: tag, keyword or value</source>
        <translation>絞り込み: タグ、キーワードまたは値</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tag</source>
        <translation>タグ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>VR</source>
        <translation>VR</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Private creator</source>
        <translation>プライベートクリエーター</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy value</source>
        <translation>値をコピー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy tag</source>
        <translation>タグをコピー</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>DICOM tags — %1</source>
        <translation>DICOM タグ — %1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Item %1</source>
        <translation>アイテム %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Private tag</source>
        <translation>プライベートタグ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Private Creator</source>
        <translation>プライベートクリエーター</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n アイテム</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;%1 bytes&gt;</source>
        <translation>&lt;%1 バイト&gt;</translation>
    </message>
</context>
<context>
    <name>TransfersView</name>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="+18"/>
        <source>No transfers yet. Retrieve, import, send or export studies: each job shows its progress here.</source>
        <translation>転送はまだありません。検査の取得・インポート・送信・エクスポートを行うと、各ジョブの進行状況がここに表示されます。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear finished</source>
        <translation>完了分をクリア</translation>
    </message>
</context>
<context>
    <name>VideoControls</name>
    <message>
        <location filename="../../viewer/ui/viewing/video.py" line="+22"/>
        <source>Window/level does not apply to video: its frames are colour (RGB).</source>
        <translation>ウィンドウ/レベルは動画には適用されません: フレームはカラー (RGB) です。</translation>
    </message>
</context>
<context>
    <name>ViewerActions</name>
    <message>
        <location filename="../../viewer/ui/viewing/actions.py" line="+17"/>
        <source>Next image</source>
        <translation>次の画像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous image</source>
        <translation>前の画像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jump forward</source>
        <translation>先へジャンプ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jump back</source>
        <translation>前へジャンプ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First image</source>
        <translation>最初の画像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last image</source>
        <translation>最後の画像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto window</source>
        <translation>自動ウィンドウ調整</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+73"/>
        <source>Invert</source>
        <translation>白黒反転</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Zoom in</source>
        <translation>拡大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit to window</source>
        <translation>ウィンドウに合わせる</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actual pixels (1:1)</source>
        <translation>等倍表示 (1:1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rotate right</source>
        <translation>右に回転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rotate left</source>
        <translation>左に回転</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flip horizontally</source>
        <translation>左右反転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flip vertically</source>
        <translation>上下反転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset view</source>
        <translation>表示をリセット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play/pause cine</source>
        <translation>シネ再生/一時停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cine faster</source>
        <translation>シネを速く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cine slower</source>
        <translation>シネを遅く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear measurements</source>
        <translation>計測を消去</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show annotations</source>
        <translation>アノテーションを表示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Linked scrolling</source>
        <translation>スクロール連動</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reference lines of the first and last images</source>
        <translation>最初と最後の画像の参照線</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DICOM tags…</source>
        <translation>DICOM タグ…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presentation state: annotations only</source>
        <translation>プレゼンテーションステート: アノテーションのみ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save presentation state…</source>
        <translation>プレゼンテーションステートを保存…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark/unmark key image</source>
        <translation>キー画像のマーク/解除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key image note…</source>
        <translation>キー画像のメモ…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layout 1x1</source>
        <translation>レイアウト 1×1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layout 1x2</source>
        <translation>レイアウト 1×2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layout 2x1</source>
        <translation>レイアウト 2×1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layout 2x2</source>
        <translation>レイアウト 2×2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MPR: axial, coronal and sagittal (again: back)</source>
        <translation>MPR: 軸位・冠状・矢状 (もう一度で元に戻る)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Linked window/level</source>
        <translation>ウィンドウ/レベル連動</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Linked zoom/pan</source>
        <translation>ズーム/パン連動</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set link offset from current positions</source>
        <translation>現在の位置から連動オフセットを設定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset link offsets</source>
        <translation>連動オフセットをリセット</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Window/level tool</source>
        <translation>ウィンドウ幅/レベル調整ツール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>W/L</source>
        <translation>WW/WL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan tool</source>
        <translation>パンツール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan</source>
        <translation>パン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom tool</source>
        <translation>ズームツール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom</source>
        <translation>ズーム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance tool</source>
        <translation>距離計測ツール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Length</source>
        <translation>距離</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rectangle ROI tool</source>
        <translation>矩形 ROI ツール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rect ROI</source>
        <translation>矩形 ROI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ellipse ROI tool</source>
        <translation>楕円 ROI ツール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ellipse ROI</source>
        <translation>楕円 ROI</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit</source>
        <translation>全体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rotate</source>
        <translation>回転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flip H</source>
        <translation>左右反転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flip V</source>
        <translation>上下反転</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cine</source>
        <translation>シネ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlay</source>
        <translation>オーバーレイ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotations only</source>
        <translation>アノテーションのみ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save PS</source>
        <translation>PS 保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Window preset %1</source>
        <translation>ウィンドウプリセット %1</translation>
    </message>
</context>
<context>
    <name>ViewerArea</name>
    <message>
        <location filename="../../viewer/ui/viewing/area.py" line="+273"/>
        <source>The referenced image cannot be read: %1</source>
        <translation>参照されている画像を読み込めません: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The referenced object %1 is not in the local archive</source>
        <translation>参照されているオブジェクト %1 はローカルアーカイブにありません</translation>
    </message>
</context>
<context>
    <name>ViewerHost</name>
    <message>
        <location filename="../../viewer/ui/viewer_host.py" line="+86"/>
        <source>the local archive is not open</source>
        <translation>ローカルアーカイブが開かれていません</translation>
    </message>
</context>
<context>
    <name>ViewerToolbar</name>
    <message>
        <location filename="../../viewer/ui/viewing/toolbar.py" line="+37"/>
        <source>Layout</source>
        <translation>レイアウト</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Presets</source>
        <translation>プリセット</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>fps</source>
        <translation>fps</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Link</source>
        <translation>連動</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Presentation state:</source>
        <translation>プレゼンテーションステート:</translation>
    </message>
</context>
<context>
    <name>Viewport</name>
    <message>
        <location filename="../../viewer/ui/viewing/presenting.py" line="+196"/>
        <source>Presentation state</source>
        <translation>プレゼンテーションステート</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No image is shown: nothing to save.</source>
        <translation>画像が表示されていないため、保存するものがありません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A colour image has no grayscale presentation state.</source>
        <translation>カラー画像にはグレースケールのプレゼンテーションステートはありません。</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/viewing/viewport.py" line="+289"/>
        <source>Key image</source>
        <translation>キー画像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key image: %1</source>
        <translation>キー画像: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This image cannot be shown:</source>
        <translation>この画像は表示できません:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cine %1 fps</source>
        <translation>シネ %1 fps</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>DICOM tags…</source>
        <translation>DICOM タグ…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Window presets</source>
        <translation>ウィンドウプリセット</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reset view</source>
        <translation>表示をリセット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear measurements</source>
        <translation>計測を消去</translation>
    </message>
</context>
<context>
    <name>ViewportLinks</name>
    <message numerus="yes">
        <location filename="../../viewer/ui/viewing/linked.py" line="+105"/>
        <source>Scrolling linked to %n viewport(s) by their offset now</source>
        <translation>
            <numerusform>%n 個のビューポートを現在のオフセットでスクロール連動しました</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No other viewport shows a stack of another frame of reference</source>
        <translation>別の座標系（Frame of Reference）のスタックを表示しているビューポートがありません</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Link offsets cleared</source>
        <translation>連動オフセットをクリアしました</translation>
    </message>
</context>
<context>
    <name>ViewportOverlay</name>
    <message>
        <location filename="../../viewer/ui/viewing/overlays.py" line="+23"/>
        <source>(no name)</source>
        <translation>（氏名なし）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ID: %1</source>
        <translation>ID: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Born: %1</source>
        <translation>生年月日: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Series: %1</source>
        <translation>シリーズ: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Im: %1/%2</source>
        <translation>画像: %1/%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(loading)</source>
        <translation>（読込中）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loc: %1 mm</source>
        <translation>位置: %1 mm</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thick: %1 mm</source>
        <translation>スライス厚: %1 mm</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(no units)</source>
        <translation>（単位なし）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dose: %1</source>
        <translation>線量: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Max: %1 %2</source>
        <translation>最大: %1 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Colour</source>
        <translation>カラー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>VOI LUT</source>
        <translation>VOI LUT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C: %1 W: %2</source>
        <translation>WL: %1 WW: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(inverted)</source>
        <translation>（白黒反転）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Zoom: %1%</source>
        <translation>倍率: %1%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rot: %1°</source>
        <translation>回転: %1°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>flipped</source>
        <translation>反転</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PS: %1 (modified)</source>
        <translation>PS: %1（変更あり）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PS: %1 (annotations only)</source>
        <translation>PS: %1（アノテーションのみ）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PS: %1 (not for this image)</source>
        <translation>PS: %1（この画像は対象外）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PS: %1 cannot be applied: %2</source>
        <translation>PS: %1 を適用できません: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PS: %1</source>
        <translation>PS: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(%1, %2): %3</source>
        <translation>(%1, %2): %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>R %1 G %2 B %3</source>
        <translation>R %1 G %2 B %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 HU</source>
        <translation>%1 HU</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/viewing/edges.py" line="+13"/>
        <source>%1 mm at detector</source>
        <translation>%1 mm（検出器面）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 mm</source>
        <translation>%1 mm</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <location filename="../../viewer/ui/viewing/waveform_view.py" line="+46"/>
        <source>%1 mm/s</source>
        <translation>%1 mm/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 mm/mV</source>
        <translation>%1 mm/mV</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Calipers</source>
        <translation>キャリパー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drag on the paper to measure time and amplitude</source>
        <translation>記録紙上をドラッグして時間と振幅を計測</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Group %1</source>
        <translation>グループ %1</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 Hz, %2 s, %3 mm/s, %4 mm/mV</source>
        <translation>%1 Hz、%2 秒、%3 mm/秒、%4 mm/mV</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 ms (%2/min), %3 mV</source>
        <translation>%1 ms (%2/分)、%3 mV</translation>
    </message>
</context>
<context>
    <name>WebNodeDetails</name>
    <message>
        <location filename="../../viewer/ui/dicomweb_details.py" line="+32"/>
        <source>Client certificate</source>
        <translation>クライアント証明書</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PEM file; none: no client certificate</source>
        <translation>PEM ファイル（空欄: クライアント証明書なし）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client private key</source>
        <translation>クライアント秘密鍵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PEM file; none: the key is in the certificate file</source>
        <translation>PEM ファイル（空欄: 鍵は証明書ファイル内）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CA certificates</source>
        <translation>CA 証明書</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PEM file; none: the system&apos;s CA certificates</source>
        <translation>PEM ファイル（空欄: システムの CA 証明書）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How long to wait for a connection and for each answer of the server</source>
        <translation>接続とサーバーの各応答を待つ時間</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Password or token:</source>
        <translation>パスワードまたはトークン:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client certificate (TLS):</source>
        <translation>クライアント証明書 (TLS):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client key:</source>
        <translation>クライアント鍵:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CA file (verifies the server):</source>
        <translation>CA ファイル（サーバーの検証）:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout:</source>
        <translation>タイムアウト:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A client certificate authenticates over TLS, alone or with a password or token.</source>
        <translation>クライアント証明書は TLS で認証します。単独でも、パスワードやトークンと併用しても使えます。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>client certificate</source>
        <translation>クライアント証明書</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>client key</source>
        <translation>クライアント鍵</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CA file</source>
        <translation>CA ファイル</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the {what} {path} does not exist or cannot be read</source>
        <translation>{what} {path} が存在しないか読み取れません</translation>
    </message>
</context>
<context>
    <name>WebNodesBox</name>
    <message>
        <location filename="../../viewer/ui/dicomweb_nodes.py" line="+26"/>
        <source>DICOMweb archives</source>
        <translation>DICOMweb アーカイブ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Service root URL</source>
        <translation>サービスルート URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authentication</source>
        <translation>認証</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Echo</source>
        <translation>Echo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passwords and tokens are kept in the system keyring.</source>
        <translation>パスワードとトークンはシステムのキーリングに保存されます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No keyring on this system: passwords and tokens are saved in the settings file in plain text.</source>
        <translation>このシステムにはキーリングがありません: パスワードとトークンは設定ファイルに平文で保存されます。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>HTTP basic</source>
        <translation>HTTP ベーシック認証</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bearer token</source>
        <translation>ベアラートークン</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New DICOMweb archive</source>
        <translation>新しい DICOMweb アーカイブ</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>row {n}</source>
        <translation>{n} 行目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DICOMweb archive {label}: give it a name.</source>
        <translation>DICOMweb アーカイブ {label}: 名前を付けてください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+4"/>
        <source>DICOMweb archive {label}: {reason}</source>
        <translation>DICOMweb アーカイブ {label}: {reason}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Select a DICOMweb archive to echo.</source>
        <translation>Echo する DICOMweb アーカイブを選択してください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Echo {name}…</source>
        <translation>{name} に Echo 中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: OK ({ms:.1f} ms)</source>
        <translation>{name}: OK ({ms:.1f} ms)</translation>
    </message>
</context>
</TS>
