using System.Globalization;
using Npes.Core.Errors;

namespace Npes.Server.Web;

/// <summary>
/// The UI's words in Russian (default), Belarusian and English, chosen by the <c>npes.lang</c> cookie. A missing
/// entry shows its key, so a gap is visible rather than silently in another language.
/// </summary>
internal sealed class UiText(IHttpContextAccessor accessor)
{
    public const string CookieName = "npes.lang";

    public static readonly IReadOnlyList<(string Code, string Name)> Languages = [("ru", "Русский"), ("be", "Беларуская"), ("en", "English")];

    private static readonly TimeZoneInfo Zone = FindZone();
    private string? _lang;

    public string Lang => _lang ??= accessor.HttpContext?.Request.Cookies[CookieName] is { } code && IsSupported(code) ? code : "ru";

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Lang switch { "be" => "be-BY", "en" => "en-GB", _ => "ru-RU" });

    public string this[string key] =>
        Entries.TryGetValue(key, out var words) ? words[Lang switch { "be" => 1, "en" => 2, _ => 0 }] : key;

    public static bool IsSupported(string? code) => code is "ru" or "be" or "en";

    public static bool Has(string key) => Entries.ContainsKey(key);

    /// <summary>An instant in the postal operator's time zone (Minsk), e.g. 22.11.2026 14:05.</summary>
    public string Time(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("dd.MM.yyyy HH:mm", Culture);

    public string Size(long bytes) => bytes < 1024
        ? string.Format(Culture, "{0} {1}", bytes, this["unit.bytes"])
        : bytes < 1024 * 1024
            ? string.Format(Culture, "{0:0.#} {1}", bytes / 1024d, this["unit.kb"])
            : string.Format(Culture, "{0:0.#} {1}", bytes / (1024d * 1024), this["unit.mb"]);

    public string Status(string status) => Or("status." + status, status);

    public string Status(Npes.Core.Letters.LetterStatus status) => Status(Npes.Core.Letters.LetterStatusNames.ToWire(status));

    public string Event(string type) => Or("event." + type, type);

    public string Reason(string reason) => Or("reason." + reason, reason);

    /// <summary>A refusal as the UI shows it: a sentence in the user's language, then the server's precise detail and code.</summary>
    public string Error(NpesException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var lead = Or("error." + exception.Error.Code, this["error.generic"]);
        return $"{lead} {exception.Message} ({exception.Error.Code})";
    }

    private string Or(string key, string fallback) => Entries.ContainsKey(key) ? this[key] : fallback;

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Minsk");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    // key → [ru, be, en]
    private static readonly Dictionary<string, string[]> Entries = new(StringComparer.Ordinal)
    {
        ["app.name"] = ["НПЭС", "НПЭС", "NPES"],
        ["app.footer"] = ["Национальная почтовая электронная система — гибридная почта с юридической силой заказного письма.", "Нацыянальная паштовая электронная сістэма — гібрыдная пошта з юрыдычнай сілай заказнога ліста.", "National postal electronic system — hybrid mail with the legal weight of registered mail."],
        ["nav.skip"] = ["Перейти к содержанию", "Перайсці да зместу", "Skip to content"],
        ["nav.language"] = ["Язык", "Мова", "Language"],
        ["nav.main"] = ["Разделы", "Раздзелы", "Sections"],
        ["nav.inbox"] = ["Входящие", "Уваходныя", "Inbox"],
        ["nav.mailbox"] = ["Мой ящик", "Мая скрынка", "My mailbox"],
        ["nav.sent"] = ["Отправленные", "Адпраўленыя", "Sent"],
        ["nav.print"] = ["Печать", "Друк", "Print shop"],
        ["nav.logout"] = ["Выйти", "Выйсці", "Log out"],

        ["login.title"] = ["Вход с ЭЦП", "Уваход з ЭЛП", "Log in with your EDS"],
        ["login.lead"] = ["Вход подписывается вашей ЭЦП через агент ЭЦП на этом компьютере: он покажет, что подписывается, и спросит PIN-код; закрытый ключ не покидает токен или ваш компьютер.", "Уваход падпісваецца вашай ЭЛП праз агент ЭЛП на гэтым камп'ютары: ён пакажа, што падпісваецца, і спытае PIN-код; закрыты ключ не пакідае токен ці ваш камп'ютар.", "You log in by signing with your EDS through the EDS agent on this computer: it shows what is signed and asks for the PIN; the private key never leaves the token or your computer."],
        ["login.submit"] = ["Подписать и войти", "Падпісаць і ўвайсці", "Sign and log in"],
        ["login.confirm"] = ["Проверьте, что подписываете: вход на этот сервер. Нажмите ещё раз, чтобы подписать.", "Праверце, што падпісваеце: уваход на гэты сервер. Націсніце яшчэ раз, каб падпісаць.", "Check what you sign: a login to this server. Press again to sign it."],
        ["login.sign_statement"] = ["Подписать это заявление", "Падпісаць гэту заяву", "Sign this statement"],
        ["login.privacy"] = ["Сеанс хранится в защищённом cookie и длится не дольше 15 минут.", "Сеанс захоўваецца ў абароненым cookie і доўжыцца не больш за 15 хвілін.", "The session is kept in a protected cookie and lasts at most 15 minutes."],

        ["eds.key_file"] = ["Файл ключа ЭЦП (PEM)", "Файл ключа ЭЛП (PEM)", "EDS key file (PEM)"],
        ["eds.key_help"] = ["Закрытый ключ PKCS#8 и сертификат в формате PEM — одним файлом или двумя.", "Закрыты ключ PKCS#8 і сертыфікат у фармаце PEM — адным файлам ці двума.", "A PKCS#8 private key and the certificate in PEM form — in one file or two."],
        ["eds.no_file"] = ["Выберите файл ключа.", "Выберыце файл ключа.", "Choose a key file."],
        ["eds.no_key"] = ["В файле нет незашифрованного закрытого ключа PKCS#8 (BEGIN PRIVATE KEY).", "У файле няма незашыфраванага закрытага ключа PKCS#8 (BEGIN PRIVATE KEY).", "The file holds no unencrypted PKCS#8 private key (BEGIN PRIVATE KEY)."],
        ["eds.no_certificate"] = ["В файле нет сертификата (BEGIN CERTIFICATE).", "У файле няма сертыфіката (BEGIN CERTIFICATE).", "The file holds no certificate (BEGIN CERTIFICATE)."],
        ["eds.agent_ready"] = ["Подпись через агент ЭЦП на этом компьютере:", "Подпіс праз агент ЭЛП на гэтым камп'ютары:", "Signing through the EDS agent on this computer as"],
        ["eds.agent_missing"] = ["Агент ЭЦП не отвечает. Запустите его на этом компьютере с вашим ключом (файл или токен), затем обновите страницу:", "Агент ЭЛП не адказвае. Запусціце яго на гэтым камп'ютары з вашым ключом (файл ці токен), потым абнавіце старонку:", "The EDS agent does not answer. Start it on this computer with your key (a file or a token), then reload the page:"],
        ["eds.agent_confirm"] = ["Проверьте заявление в окне агента ЭЦП и введите там PIN-код или пароль.", "Праверце заяву ў акне агента ЭЛП і ўвядзіце там PIN-код ці пароль.", "Check the statement in the EDS agent's window and type the PIN or password there."],
        ["eds.no_agent"] = ["Агент ЭЦП не отвечает: запустите его (команда выше) и обновите страницу.", "Агент ЭЛП не адказвае: запусціце яго (каманда вышэй) і абнавіце старонку.", "The EDS agent does not answer: start it (the command above) and reload the page."],
        ["eds.signing"] = ["Подписываем…", "Падпісваем…", "Signing…"],
        ["eds.wrong_statement"] = ["Сервер прислал не то заявление, что ожидалось (назначение или адрес сервера не совпадают); подпись не выполнена.", "Сервер даслаў не тую заяву, што чакалася (прызначэнне ці адрас сервера не супадаюць); подпіс не зроблены.", "The server sent a statement other than expected (purpose or server origin differ); nothing was signed."],
        ["eds.failed"] = ["Не удалось подписать:", "Не ўдалося падпісаць:", "Signing failed:"],
        ["eds.unsupported"] = ["Этот браузер не поддерживает WebCrypto; откройте страницу по HTTPS в современном браузере.", "Гэты браўзер не падтрымлівае WebCrypto; адкрыйце старонку па HTTPS у сучасным браўзеры.", "This browser lacks WebCrypto; open the page over HTTPS in a current browser."],

        ["inbox.title"] = ["Входящие письма", "Уваходныя лісты", "Inbox"],
        ["inbox.filters"] = ["Фильтр писем", "Фільтр лістоў", "Filter letters"],
        ["inbox.all"] = ["Все", "Усе", "All"],
        ["inbox.unread"] = ["Непрочитанные", "Непрачытаныя", "Unread"],
        ["inbox.registered"] = ["Заказные", "Заказныя", "Registered"],
        ["inbox.empty"] = ["Писем нет.", "Лістоў няма.", "No letters."],
        ["inbox.no_mailbox"] = ["У вас ещё нет электронного почтового ящика.", "У вас яшчэ няма электроннай паштовай скрынкі.", "You have no e-mailbox yet."],
        ["inbox.register_link"] = ["Зарегистрировать ящик", "Зарэгістраваць скрынку", "Register a mailbox"],
        ["badge.unread"] = ["Новое", "Новы", "Unread"],
        ["badge.registered"] = ["Заказное", "Заказны", "Registered"],

        ["kind.simple"] = ["Простое письмо", "Просты ліст", "Simple letter"],
        ["kind.registered"] = ["Заказное письмо", "Заказны ліст", "Registered letter"],

        ["letter.sender"] = ["Отправитель", "Адпраўнік", "Sender"],
        ["letter.recipient"] = ["Получатель", "Атрымальнік", "Recipient"],
        ["letter.s10"] = ["Почтовый идентификатор", "Паштовы ідэнтыфікатар", "Item id (S10)"],
        ["letter.kind"] = ["Вид отправления", "Від адпраўлення", "Kind"],
        ["letter.status"] = ["Состояние", "Стан", "Status"],
        ["letter.routing"] = ["Маршрут", "Маршрут", "Routing"],
        ["letter.submitted"] = ["Принято", "Прынята", "Accepted"],
        ["letter.deadline"] = ["Получить до", "Атрымаць да", "Sign for it by"],
        ["letter.documents"] = ["Документы", "Дакументы", "Documents"],
        ["letter.rendition"] = ["PDF-версия", "PDF-версія", "PDF version"],
        ["letter.receipts"] = ["Квитанции", "Квітанцыі", "Receipts"],
        ["letter.bundle"] = ["Скачать доказательства (ASiC-E)", "Спампаваць доказы (ASiC-E)", "Download evidence bundle (ASiC-E)"],
        ["letter.sign_title"] = ["Получить заказное письмо", "Атрымаць заказны ліст", "Receive the registered letter"],
        ["letter.sign_lead"] = ["Содержимое откроется после того, как вы распишетесь в получении своей ЭЦП. Можно и отказаться — отказ тоже подписывается.", "Змесціва адкрыецца пасля таго, як вы распішацеся ў атрыманні сваёй ЭЛП. Можна і адмовіцца — адмова таксама падпісваецца.", "The content opens once you sign for it with your EDS. You may also refuse it — the refusal is signed too."],
        ["letter.accept"] = ["Расписаться и получить", "Распісацца і атрымаць", "Sign and receive"],
        ["letter.refuse"] = ["Отказаться", "Адмовіцца", "Refuse"],
        ["letter.statement_text"] = ["Что именно вы подписываете", "Што менавіта вы падпісваеце", "What exactly you sign"],
        ["letter.accepted"] = ["Вы расписались в получении. Отправитель получит уведомление о вручении с вашей подписью.", "Вы распісаліся ў атрыманні. Адпраўнік атрымае паведамленне аб уручэнні з вашым подпісам.", "You signed for the letter. The sender receives the delivery notice carrying your signature."],
        ["letter.refused"] = ["Вы отказались от письма. Отправитель получит подписанный отказ.", "Вы адмовіліся ад ліста. Адпраўнік атрымае падпісаную адмову.", "You refused the letter. The sender receives your signed refusal."],
        ["letter.withheld"] = ["Содержимое письма недоступно.", "Змесціва ліста недаступнае.", "The letter's content is not available."],

        ["timeline.title"] = ["История письма", "Гісторыя ліста", "Timeline"],
        ["timeline.signer"] = ["Подписал", "Падпісаў", "Signed by"],
        ["timeline.batch"] = ["Партия", "Партыя", "Batch"],

        ["mailbox.title"] = ["Электронный почтовый ящик", "Электронная паштовая скрынка", "E-mailbox"],
        ["mailbox.lead"] = ["Ящик — цифровой двойник почтового ящика по вашему адресу. Код подтверждения придёт бумажным письмом на этот адрес.", "Скрынка — лічбавы двайнік паштовай скрынкі па вашым адрасе. Код пацвярджэння прыйдзе папяровым лістом на гэты адрас.", "The mailbox is the digital twin of the postbox at your address. The confirmation code arrives as a paper letter at that address."],
        ["mailbox.address"] = ["Почтовый адрес", "Паштовы адрас", "Postal address"],
        ["mailbox.address_help"] = ["Как на конверте: индекс, город, улица, дом, квартира.", "Як на канверце: індэкс, горад, вуліца, дом, кватэра.", "As on an envelope: postcode, town, street, house, flat."],
        ["mailbox.register"] = ["Зарегистрировать ящик", "Зарэгістраваць скрынку", "Register the mailbox"],
        ["mailbox.registered"] = ["Ящик зарегистрирован. Код подтверждения отправлен бумажным письмом.", "Скрынка зарэгістравана. Код пацвярджэння адпраўлены папяровым лістом.", "Mailbox registered. The confirmation code was sent as a paper letter."],
        ["mailbox.owner"] = ["Владелец", "Уладальнік", "Owner"],
        ["mailbox.since"] = ["Создан", "Створана", "Created"],
        ["mailbox.addresses"] = ["Адреса", "Адрасы", "Addresses"],
        ["mailbox.confirmed"] = ["Подтверждён", "Пацверджаны", "Confirmed"],
        ["mailbox.unconfirmed"] = ["Ждёт кода", "Чакае кода", "Awaiting code"],
        ["mailbox.code"] = ["Код из письма", "Код з ліста", "Code from the letter"],
        ["mailbox.confirm"] = ["Подтвердить", "Пацвердзіць", "Confirm"],
        ["contacts.title"] = ["Уведомления о письмах", "Апавяшчэнні пра лісты", "Notices of letters"],
        ["contacts.link"] = ["Уведомления по e-mail и SMS", "Апавяшчэнні па e-mail і SMS", "E-mail and SMS notices"],
        ["contacts.lead"] = ["Когда в ящик приходит письмо, мы сообщим об этом на подтверждённые адреса и номера. В уведомлениях нет ссылок и содержания писем.", "Калі ў скрынку прыходзіць ліст, мы паведамім пра гэта на пацверджаныя адрасы і нумары. У апавяшчэннях няма спасылак і зместу лістоў.", "When a letter arrives, we tell your confirmed addresses and numbers. Notices carry no links and none of the letter's content."],
        ["contacts.none"] = ["Контактов пока нет.", "Кантактаў пакуль няма.", "No contact points yet."],
        ["contacts.add"] = ["Добавить", "Дадаць", "Add"],
        ["contacts.channel"] = ["Способ", "Спосаб", "Channel"],
        ["contacts.channel.email"] = ["E-mail", "E-mail", "E-mail"],
        ["contacts.channel.sms"] = ["SMS", "SMS", "SMS"],
        ["contacts.address"] = ["Адрес e-mail или номер мобильного (+375…)", "Адрас e-mail або нумар мабільнага (+375…)", "E-mail address or mobile number (+375…)"],
        ["contacts.language"] = ["Язык уведомлений", "Мова апавяшчэнняў", "Language of notices"],
        ["contacts.code"] = ["Код подтверждения", "Код пацвярджэння", "Confirmation code"],
        ["contacts.confirm"] = ["Подтвердить", "Пацвердзіць", "Confirm"],
        ["contacts.resend"] = ["Отправить код ещё раз", "Адправіць код яшчэ раз", "Send the code again"],
        ["contacts.remove"] = ["Удалить", "Выдаліць", "Remove"],
        ["contacts.on"] = ["Включить уведомления", "Уключыць апавяшчэнні", "Turn notices on"],
        ["contacts.off"] = ["Выключить уведомления", "Выключыць апавяшчэнні", "Turn notices off"],
        ["contacts.confirmed"] = ["подтверждён", "пацверджаны", "confirmed"],
        ["contacts.unconfirmed"] = ["не подтверждён", "не пацверджаны", "not confirmed"],
        ["contacts.paused"] = ["уведомления выключены", "апавяшчэнні выключаны", "notices off"],
        ["contacts.added"] = ["Код подтверждения отправлен. Введите его ниже.", "Код пацвярджэння адпраўлены. Увядзіце яго ніжэй.", "A confirmation code was sent. Enter it below."],
        ["contacts.confirmed_message"] = ["Контакт подтверждён: уведомления будут приходить сюда.", "Кантакт пацверджаны: апавяшчэнні будуць прыходзіць сюды.", "Contact point confirmed: notices will come here."],
        ["contacts.resent"] = ["Новый код отправлен.", "Новы код адпраўлены.", "A new code was sent."],
        ["contacts.removed"] = ["Контакт удалён.", "Кантакт выдалены.", "Contact point removed."],
        ["contacts.changed"] = ["Сохранено.", "Захавана.", "Saved."],
        ["mailbox.confirmed_message"] = ["Адрес подтверждён: письма теперь приходят в ящик.", "Адрас пацверджаны: лісты цяпер прыходзяць у скрынку.", "Address confirmed: letters now reach the mailbox."],

        ["sent.title"] = ["Отправленные письма", "Адпраўленыя лісты", "Sent letters"],
        ["sent.new"] = ["Новое письмо", "Новы ліст", "New letter"],
        ["sent.empty"] = ["Вы ещё ничего не отправили.", "Вы яшчэ нічога не адправілі.", "You have sent nothing yet."],
        ["sent.created"] = ["Письмо принято. Квитанция о приёме подписана и снабжена меткой времени.", "Ліст прыняты. Квітанцыя аб прыёме падпісана і мае метку часу.", "Letter accepted. The acceptance receipt is signed and timestamped."],
        ["send.title"] = ["Отправить письмо", "Адправіць ліст", "Send a letter"],
        ["send.recipient"] = ["Получатель", "Атрымальнік", "Recipient"],
        ["send.name"] = ["ФИО или наименование", "Прозвішча, імя, імя па бацьку або найменне", "Full name or organisation name"],
        ["send.address"] = ["Почтовый адрес", "Паштовы адрас", "Postal address"],
        ["send.unp"] = ["УНП (для организаций, необязательно)", "УНП (для арганізацый, неабавязкова)", "УНП (organisations, optional)"],
        ["send.subject"] = ["Тема", "Тэма", "Subject"],
        ["send.documents"] = ["Документы", "Дакументы", "Documents"],
        ["send.documents_help"] = [
            "От 1 до 3 файлов, вместе до 10 МБ: PDF, Word (doc, docx), Excel (xls, xlsx), ODF (odt, ods), PNG, JPEG или текст. Документы Word и Excel получатель получит как есть, на бумаге они печатаются в PDF.",
            "Ад 1 да 3 файлаў, разам да 10 МБ: PDF, Word (doc, docx), Excel (xls, xlsx), ODF (odt, ods), PNG, JPEG або тэкст. Дакументы Word і Excel атрымальнік атрымае як ёсць, на паперы яны друкуюцца ў PDF.",
            "1 to 3 files, 10 MB together: PDF, Word (doc, docx), Excel (xls, xlsx), ODF (odt, ods), PNG, JPEG or text. The recipient gets Word and Excel files as they are; on paper they are printed from PDF."],
        ["send.submit"] = ["Отправить", "Адправіць", "Send"],

        ["receipt.acceptance"] = ["Квитанция о приёме", "Квітанцыя аб прыёме", "Acceptance receipt"],
        ["receipt.delivery"] = ["Уведомление о вручении", "Паведамленне аб уручэнні", "Delivery notice"],
        ["receipt.refusal"] = ["Уведомление об отказе", "Паведамленне аб адмове", "Refusal notice"],
        ["receipt.expiry"] = ["Уведомление об истечении срока", "Паведамленне аб сканчэнні тэрміну", "Expiry notice"],

        ["routing.matched"] = ["В электронный ящик получателя", "У электронную скрынку атрымальніка", "To the recipient's e-mailbox"],
        ["routing.not_matched"] = ["На бумаге: ни один подтверждённый ящик не совпадает с уверенностью", "На паперы: ніводная пацверджаная скрынка не супадае з упэўненасцю", "On paper: no confirmed e-mailbox matches with certainty"],
        ["routing.address_not_understood"] = ["На бумаге: адрес не распознан", "На паперы: адрас не распазнаны", "On paper: address not understood"],
        ["routing.operator_paper"] = ["На бумаге: письмо оператора", "На паперы: ліст аператара", "On paper: the operator's letter"],

        ["status.consigned"] = ["Доставлено в ящик", "Дастаўлена ў скрынку", "In the mailbox"],
        ["status.handed_over"] = ["Вручено", "Уручана", "Handed over"],
        ["status.refused"] = ["Отказ", "Адмова", "Refused"],
        ["status.expired"] = ["Срок истёк", "Тэрмін скончыўся", "Expired"],
        ["status.awaiting_print"] = ["Ждёт печати", "Чакае друку", "Awaiting print"],
        ["status.printed"] = ["Напечатано", "Надрукавана", "Printed"],
        ["status.dispatched"] = ["Передано в доставку", "Перададзена ў дастаўку", "Dispatched"],
        ["status.delivered_on_paper"] = ["Вручено на бумаге", "Уручана на паперы", "Delivered on paper"],
        ["status.returned"] = ["Возвращено", "Вернута", "Returned"],

        ["event.SubmissionAcceptance"] = ["Принято к пересылке", "Прынята да перасылкі", "Accepted for sending"],
        ["event.SubmissionRejection"] = ["Отказано в приёме", "Адмоўлена ў прыёме", "Submission refused"],
        ["event.ContentConsignment"] = ["Доставлено в ящик", "Дастаўлена ў скрынку", "Delivered to the mailbox"],
        ["event.ConsignmentAcceptance"] = ["Получатель расписался", "Атрымальнік распісаўся", "Recipient signed for it"],
        ["event.ConsignmentRejection"] = ["Получатель отказался", "Атрымальнік адмовіўся", "Recipient refused it"],
        ["event.AcceptanceRejectionExpiry"] = ["Срок получения истёк", "Тэрмін атрымання скончыўся", "Accept window expired"],
        ["event.ContentHandover"] = ["Содержимое вручено", "Змесціва ўручана", "Content handed over"],
        ["event.RelayToNonERDS"] = ["Направлено на печать", "Накіравана на друк", "Sent to paper"],
        ["event.Printed"] = ["Напечатано", "Надрукавана", "Printed"],
        ["event.Dispatched"] = ["Передано в доставку", "Перададзена ў дастаўку", "Dispatched"],
        ["event.DeliveredOnPaper"] = ["Вручено на бумаге", "Уручана на паперы", "Delivered on paper"],
        ["event.Returned"] = ["Возвращено", "Вернута", "Returned"],
        ["event.NotificationSent"] = ["Получателю отправлено уведомление (не вручение)", "Атрымальніку адпраўлена апавяшчэнне (не ўручэнне)", "Notice sent to the recipient (not a delivery)"],
        ["event.NotificationFailed"] = ["Уведомление получателю не отправлено", "Апавяшчэнне атрымальніку не адпраўлена", "Notice to the recipient failed"],

        ["reason.address_unknown"] = ["адресат не значится", "адрасат не значыцца", "addressee unknown"],
        ["reason.refused"] = ["отказ адресата", "адмова адрасата", "refused by addressee"],
        ["reason.not_collected"] = ["не востребовано", "не запатрабавана", "not collected"],

        ["print.title"] = ["Пульт печатного цеха", "Пульт друкарскага цэха", "Print-shop console"],
        ["print.close"] = ["Закрыть открытые партии", "Закрыць адкрытыя партыі", "Close open batches"],
        ["print.jobs"] = ["Фоновые задания (панель)", "Фонавыя заданні (панэль)", "Background jobs (dashboard)"],
        ["print.closed"] = ["Закрыто партий: {0}. Файлы собираются.", "Закрыта партый: {0}. Файлы збіраюцца.", "Batches closed: {0}. Their files are being built."],
        ["print.counts"] = ["За день", "За дзень", "Today"],
        ["print.batches"] = ["Партии", "Партыі", "Batches"],
        ["print.no_batches"] = ["Партий нет.", "Партый няма.", "No batches."],
        ["print.batch"] = ["Партия", "Партыя", "Batch"],
        ["print.number"] = ["Номер", "Нумар", "Number"],
        ["print.state"] = ["Состояние", "Стан", "State"],
        ["print.envelope"] = ["Конверт", "Канверт", "Envelope"],
        ["print.pieces"] = ["Отправления", "Адпраўленні", "Pieces"],
        ["print.sheets"] = ["Листов", "Аркушаў", "Sheets"],
        ["print.pages"] = ["Страниц", "Старонак", "Pages"],
        ["print.day"] = ["День", "Дзень", "Day"],
        ["print.postcode"] = ["Индекс", "Індэкс", "Postcode"],
        ["print.outcome"] = ["Результат", "Вынік", "Outcome"],
        ["print.record"] = ["Записать", "Запісаць", "Record"],
        ["print.attention"] = ["Требуют внимания", "Патрабуюць увагі", "Needs attention"],
        ["print.no_attention"] = ["Всё в порядке.", "Усё ў парадку.", "Nothing needs attention."],
        ["print.attempts"] = ["Попыток", "Спроб", "Attempts"],
        ["print.retry"] = ["Повторить", "Паўтарыць", "Retry"],
        ["print.retried"] = ["Отправление снова в очереди.", "Адпраўленне зноў у чарзе.", "The piece is back in the queue."],
        ["print.download_pdf"] = ["Скачать PDF для печати", "Спампаваць PDF для друку", "Download print PDF"],
        ["print.manifest"] = ["Манифест", "Маніфест", "Manifest"],
        ["print.files_pending"] = ["Файл партии собирается — обновите страницу чуть позже.", "Файл партыі збіраецца — абнавіце старонку крыху пазней.", "The batch file is being built — reload shortly."],
        ["print.files_deleted"] = ["Файлы партии удалены после отправки.", "Файлы партыі выдалены пасля адпраўкі.", "The batch files were deleted after dispatch."],
        ["print.mark_printed"] = ["Отметить: напечатано", "Адзначыць: надрукавана", "Mark printed"],
        ["print.mark_dispatched"] = ["Отметить: передано в доставку", "Адзначыць: перададзена ў дастаўку", "Mark dispatched"],
        ["print.printed_done"] = ["Партия отмечена как напечатанная.", "Партыя адзначана як надрукаваная.", "Batch marked printed."],
        ["print.dispatched_done"] = ["Партия передана в доставку.", "Партыя перададзена ў дастаўку.", "Batch marked dispatched."],
        ["print.outcome_done"] = ["Результат для {0} записан.", "Вынік для {0} запісаны.", "Outcome recorded for {0}."],

        ["batch.open"] = ["Открыта", "Адкрыта", "Open"],
        ["batch.closed"] = ["Закрыта, собирается", "Закрыта, збіраецца", "Closed, building"],
        ["batch.ready"] = ["Готова к печати", "Гатова да друку", "Ready to print"],
        ["batch.printed"] = ["Напечатана", "Надрукавана", "Printed"],
        ["batch.dispatched"] = ["Передана в доставку", "Перададзена ў дастаўку", "Dispatched"],

        ["piece.pending"] = ["В очереди", "У чарзе", "Pending"],
        ["piece.batched"] = ["В партии", "У партыі", "Batched"],
        ["piece.needs_attention"] = ["Требует внимания", "Патрабуе ўвагі", "Needs attention"],
        ["piece.printed"] = ["Напечатано", "Надрукавана", "Printed"],
        ["piece.dispatched"] = ["Передано в доставку", "Перададзена ў дастаўку", "Dispatched"],
        ["piece.delivered"] = ["Вручено", "Уручана", "Delivered"],
        ["piece.returned"] = ["Возвращено", "Вернута", "Returned"],

        ["outcome.delivered"] = ["Вручено", "Уручана", "Delivered"],
        ["outcome.returned"] = ["Возвращено", "Вернута", "Returned"],

        ["count.pending"] = ["в очереди", "у чарзе", "pending"],
        ["count.rendered"] = ["свёрстано", "звярстана", "rendered"],
        ["count.printed"] = ["напечатано", "надрукавана", "printed"],
        ["count.dispatched"] = ["передано", "перададзена", "dispatched"],
        ["count.delivered"] = ["вручено", "уручана", "delivered"],
        ["count.returned"] = ["возвращено", "вернута", "returned"],
        ["count.attention"] = ["требуют внимания", "патрабуюць увагі", "need attention"],

        ["unit.bytes"] = ["байт", "байт", "bytes"],
        ["unit.kb"] = ["КБ", "КБ", "KB"],
        ["unit.mb"] = ["МБ", "МБ", "MB"],

        ["error.generic"] = ["Не получилось.", "Не атрымалася.", "That did not work."],
        ["error.npes.identity.kind_not_allowed"] = ["Удостоверяющий центр этого сертификата не вправе удостоверять такой идентификатор.", "Пасведчальны цэнтр гэтага сертыфіката не мае права пасведчваць такі ідэнтыфікатар.", "This certificate's CA may not vouch for this kind of identifier."],
        ["error.npes.identity.system_party"] = ["Служебная учётная запись оператора недоступна для входа.", "Службовы ўліковы запіс аператара недаступны для ўваходу.", "The operator's own system identity cannot be logged into."],
        ["error.npes.auth.statement_purpose"] = ["Подписано заявление другого назначения.", "Падпісана заява іншага прызначэння.", "A statement of another purpose was signed."],
        ["error.npes.request.rate_limited"] = ["Слишком много запросов; повторите немного позже.", "Занадта шмат запытаў; паўтарыце крыху пазней.", "Too many requests; try again a little later."],
        ["error.npes.letter.document_name_invalid"] = ["Имя файла должно быть простым: без папок (/ и \\), «..», двоеточия и управляющих символов.", "Імя файла павінна быць простым: без папак (/ і \\), «..», двукроп'я і кіруючых сімвалаў.", "A file name must be plain: no folders (/ or \\), no '..', no colon, no control characters."],
        ["error.npes.letter.document_macros"] = ["Документы с макросами не принимаются.", "Дакументы з макрасамі не прымаюцца.", "Documents with macros are not accepted."],
        ["error.npes.letter.document_active_content"] = ["PDF с активным содержимым (скрипты, ссылки на действия, вложения) не принимаются.", "PDF з актыўным змесцівам (скрыпты, дзеянні, укладанні) не прымаюцца.", "PDFs with active content (scripts, actions, attachments) are not accepted."],
        ["error.npes.letter.document_conversion_unavailable"] = ["Сервер сейчас не может преобразовать документы Word и Excel; отправьте PDF.", "Сервер зараз не можа пераўтварыць дакументы Word і Excel; адпраўце PDF.", "The server cannot convert Word and Excel documents now; send a PDF."],
        ["error.npes.auth.signature_invalid"] = ["Подпись не сошлась с сертификатом.", "Подпіс не супаў з сертыфікатам.", "The signature does not match the certificate."],
        ["error.npes.eds.certificate_untrusted"] = ["Сертификат выдан не доверенным удостоверяющим центром.", "Сертыфікат выдадзены не давераным пасведчальным цэнтрам.", "The certificate was not issued by a trusted CA."],
        ["error.npes.eds.certificate_expired"] = ["Срок действия сертификата истёк.", "Тэрмін дзеяння сертыфіката скончыўся.", "The certificate has expired."],
    };
}
