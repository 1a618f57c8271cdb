"""Fixed data behind the catalogue: the category tree, attribute definitions and dictionaries.

Identifiers quoted in the references (categories 17027484, 17028922, 17027492, 17029016, 17054869,
200000933, 17036076; types 91565, 93080, 97311, 970778135, 94765; attributes 85, 8229, 9048, 10096, 4389,
5076, 21841/21837/21845; brand, colour and country values, e.g. seed 002's Nike 906158 and white 61577) keep their documented ids, so the
references' example requests work against ozmock unchanged. Everything else is numbered here.

Tree lines: `<indent><id|*> <ru> | <en> [!disabled] [@profile]`. Level 1 and 2 are description
categories, level 3 are product types (`*` takes the next free id).
"""
from __future__ import annotations

TREE = """
17027484 Электроника | Electronics @electronics
  17028922 Смартфоны и аксессуары | Smartphones and accessories
    91565 Защитная плёнка для смартфона | Smartphone screen protector film
    91566 Защитное стекло для смартфона | Smartphone tempered glass
    91567 Чехол для смартфона | Smartphone case
    91568 Смартфон | Smartphone
    91569 Держатель для смартфона | Smartphone holder
    94765 Кроссовки | Sneakers
  17028923 Планшеты | Tablets
    91580 Планшет | Tablet
    91581 Чехол для планшета | Tablet case
    91582 Стилус | Stylus
  *        Наушники и аудиотехника | Headphones and audio
    *      Наушники беспроводные | Wireless headphones
    *      Наушники проводные | Wired headphones
    *      Портативная колонка | Portable speaker
    *      Стойка для акустической системы | Speaker stand
    *      Микрофон | Microphone
  *        Компьютерные аксессуары | Computer accessories
    *      Компьютерная мышь | Computer mouse
    *      Клавиатура | Keyboard
    *      Коврик для мыши | Mouse pad
    *      USB-хаб | USB hub
    *      Веб-камера | Webcam
  *        Зарядные устройства и кабели | Chargers and cables
    *      Сетевое зарядное устройство | Wall charger
    *      Кабель USB | USB cable
    *      Внешний аккумулятор | Power bank
    *      Беспроводное зарядное устройство | Wireless charger
  *        Устаревшие аксессуары | Legacy accessories !disabled
    *      Чехол для плеера | Media player case !disabled
17027485 Одежда | Clothing @clothing
  200000933 Футболки и топы | T-shirts and tops
    93080 Футболка | T-shirt
    93081 Топ | Top
    93082 Майка | Tank top
    93083 Лонгслив | Long-sleeve top
  *        Верхняя одежда | Outerwear
    *      Куртка | Jacket
    *      Пуховик | Down jacket
    *      Пальто | Coat
    *      Жилет | Vest
  *        Брюки и джинсы | Trousers and jeans
    *      Джинсы | Jeans
    *      Брюки | Trousers
    *      Шорты | Shorts
    *      Леггинсы | Leggings
  *        Платья и юбки | Dresses and skirts
    *      Платье | Dress
    *      Юбка | Skirt
    *      Сарафан | Sundress
  *        Нижнее бельё | Underwear
    *      Трусы | Briefs
    *      Бюстгальтер | Bra
    *      Носки | Socks
17027486 Обувь | Shoes @clothing
  *        Кроссовки и кеды | Sneakers
    *      Кроссовки | Running shoes
    *      Кеды | Canvas shoes
    *      Слипоны | Slip-ons
  *        Ботинки и сапоги | Boots
    *      Ботинки | Ankle boots
    *      Сапоги | Boots
    *      Угги | Ugg boots
  *        Домашняя обувь | Home shoes
    *      Тапочки | Slippers
    *      Шлёпанцы | Flip-flops
17027487 Красота и здоровье | Beauty and health @beauty
  17054869 Уход за лицом | Face care
    97311 Крем для лица | Face cream
    97312 Сыворотка для лица | Face serum
    97313 Маска для лица | Face mask
    97314 Тоник для лица | Face toner
    97315 Пенка для умывания | Facial cleansing foam
  *        Уход за волосами | Hair care
    *      Шампунь | Shampoo
    *      Бальзам для волос | Hair conditioner
    *      Маска для волос | Hair mask
    *      Масло для волос | Hair oil
  *        Декоративная косметика | Make-up
    *      Помада | Lipstick
    *      Тушь для ресниц | Mascara
    *      Тональный крем | Foundation
    *      Пудра | Face powder
    *      Тени для век | Eyeshadow
  *        Парфюмерия | Perfumery
    *      Туалетная вода | Eau de toilette
    *      Парфюмерная вода | Eau de parfum
    *      Дезодорант | Deodorant
  *        Медицинские изделия | Medical supplies
    *      Тонометр | Blood pressure monitor
    *      Термометр медицинский | Medical thermometer
    *      Пластырь | Adhesive plaster
17027488 Дом и сад | Home and garden @home
  *        Посуда | Tableware
    *      Кружка | Mug
    *      Тарелка | Plate
    *      Сковорода | Frying pan
    *      Кастрюля | Saucepan
    *      Нож кухонный | Kitchen knife
  *        Текстиль | Home textiles
    *      Комплект постельного белья | Bed linen set
    *      Подушка | Pillow
    *      Одеяло | Blanket
    *      Полотенце | Towel
    *      Плед | Throw
  *        Освещение | Lighting
    17036076 Лампа светодиодная | LED bulb
    *      Настольная лампа | Desk lamp
    *      Люстра | Chandelier
    *      Светильник настенный | Wall light
  *        Хранение вещей | Storage
    *      Контейнер для хранения | Storage container
    *      Вешалка | Clothes hanger
    *      Органайзер | Organiser
  *        Садовый инвентарь | Garden tools
    *      Лопата | Spade
    *      Секатор | Pruner
    *      Шланг садовый | Garden hose
    *      Лейка | Watering can
17027489 Детские товары | Kids @kids
  *        Игрушки | Toys
    *      Конструктор | Construction set
    *      Кукла | Doll
    *      Мягкая игрушка | Soft toy
    *      Машинка | Toy car
    *      Настольная игра | Board game
    *      Пазл | Jigsaw puzzle
  *        Подгузники и гигиена | Nappies and hygiene
    *      Подгузники | Nappies
    *      Влажные салфетки | Wet wipes
    *      Детский шампунь | Baby shampoo
  *        Детское питание | Baby food
    *      Детская смесь | Infant formula
    *      Пюре детское | Baby puree
    *      Каша детская | Baby porridge
  *        Коляски и автокресла | Strollers and car seats
    *      Коляска | Stroller
    *      Автокресло | Car seat
17027490 Спорт и отдых | Sports and outdoors @sport
  *        Фитнес | Fitness
    *      Гантели | Dumbbells
    *      Коврик для йоги | Yoga mat
    *      Эспандер | Resistance band
    *      Скакалка | Skipping rope
  *        Велоспорт | Cycling
    *      Велосипед | Bicycle
    *      Велошлем | Bicycle helmet
    *      Велофонарь | Bicycle light
  *        Туризм | Camping and hiking
    *      Палатка | Tent
    *      Спальный мешок | Sleeping bag
    *      Рюкзак туристический | Hiking backpack
    *      Термос | Vacuum flask
  *        Зимние виды спорта | Winter sports
    *      Лыжи | Skis
    *      Коньки | Ice skates
    *      Санки | Sledge
17027491 Автотовары | Automotive @auto
  *        Автоэлектроника | Car electronics
    *      Видеорегистратор | Dashcam
    *      Автомагнитола | Car stereo
    *      Радар-детектор | Radar detector
  *        Автохимия | Car care
    *      Автошампунь | Car shampoo
    *      Омыватель стекла | Screenwash
    *      Моторное масло | Engine oil
  *        Аксессуары для салона | Interior accessories
    *      Автомобильный держатель | Car phone holder
    *      Чехол на сиденье | Seat cover
    *      Коврик автомобильный | Car mat
  *        Шины и диски | Tyres and wheels
    *      Шина | Tyre
    *      Диск колёсный | Wheel rim
17027492 Канцелярские товары | Stationery @stationery
  17029016 Печати и штампы | Stamps and seals
    970778135 Пистолет-маркиратор | Price labeller
    970778136 Штамп | Rubber stamp
    970778137 Штемпельная подушка | Ink pad
  *        Письменные принадлежности | Writing supplies
    *      Ручка шариковая | Ballpoint pen
    *      Карандаш | Pencil
    *      Маркер | Marker
    *      Текстовыделитель | Highlighter
  *        Бумажная продукция | Paper products
    *      Тетрадь | Exercise book
    *      Блокнот | Notebook
    *      Бумага для принтера | Printer paper
    *      Ежедневник | Diary
  *        Офисные принадлежности | Office supplies
    *      Степлер | Stapler
    *      Папка | Folder
    *      Калькулятор | Calculator
17027493 Продукты питания | Food @food
  *        Чай и кофе | Tea and coffee
    *      Чай чёрный | Black tea
    *      Чай зелёный | Green tea
    *      Кофе в зёрнах | Coffee beans
    *      Кофе молотый | Ground coffee
  *        Сладости | Sweets
    *      Шоколад | Chocolate
    *      Конфеты | Candies
    *      Печенье | Biscuits
    *      Мармелад | Marmalade sweets
  *        Бакалея | Groceries
    *      Макароны | Pasta
    *      Крупа | Grain
    *      Масло растительное | Vegetable oil
    *      Специи | Spices
17027494 Книги | Books @books
  *        Художественная литература | Fiction
    *      Роман | Novel
    *      Детектив | Detective story
    *      Фантастика | Science fiction
    *      Поэзия | Poetry
  *        Нехудожественная литература | Non-fiction
    *      Бизнес-книга | Business book
    *      Научно-популярная книга | Popular science book
    *      Учебник | Textbook
  *        Детские книги | Children's books
    *      Книга для малышей | Board book
    *      Энциклопедия детская | Children's encyclopedia
17027495 Товары для животных | Pet supplies @pets
  *        Корма | Pet food
    *      Сухой корм для собак | Dry dog food
    *      Сухой корм для кошек | Dry cat food
    *      Влажный корм для кошек | Wet cat food
  *        Аксессуары для животных | Pet accessories
    *      Ошейник | Collar
    *      Поводок | Leash
    *      Лежак для животных | Pet bed
    *      Когтеточка | Scratching post
  *        Наполнители | Litter
    *      Наполнитель для кошачьего туалета | Cat litter
17027496 Строительство и ремонт | DIY and tools @tools
  *        Электроинструменты | Power tools
    *      Дрель | Drill
    *      Шуруповёрт | Cordless screwdriver
    *      Перфоратор | Rotary hammer
    *      Болгарка | Angle grinder
    *      Лобзик | Jigsaw
  *        Ручной инструмент | Hand tools
    *      Молоток | Hammer
    *      Отвёртка | Screwdriver
    *      Набор ключей | Spanner set
    *      Рулетка | Tape measure
  *        Крепёж | Fasteners
    *      Саморез | Self-tapping screw
    *      Дюбель | Wall plug
    *      Болт | Bolt
  *        Лакокрасочные материалы | Paints
    *      Краска интерьерная | Interior paint
    *      Эмаль | Enamel
    *      Кисть малярная | Paintbrush
17027497 Бытовая техника | Home appliances @electronics
  *        Техника для кухни | Kitchen appliances
    *      Чайник электрический | Electric kettle
    *      Блендер | Blender
    *      Микроволновая печь | Microwave oven
    *      Кофеварка | Coffee maker
    *      Мультиварка | Multicooker
  *        Техника для дома | Household appliances
    *      Пылесос | Vacuum cleaner
    *      Утюг | Iron
    *      Увлажнитель воздуха | Humidifier
    *      Обогреватель | Heater
  *        Красота и уход | Personal care appliances
    *      Фен | Hair dryer
    *      Электробритва | Electric shaver
    *      Электрическая зубная щётка | Electric toothbrush
17027498 Ювелирные украшения | Jewellery @accessories
  *        Украшения | Jewellery
    *      Кольцо | Ring
    *      Серьги | Earrings
    *      Цепочка | Chain
    *      Браслет | Bracelet
  *        Часы | Watches
    *      Часы наручные | Wristwatch
    *      Смарт-часы | Smartwatch
17027499 Аксессуары | Accessories @accessories
  *        Сумки | Bags
    *      Сумка | Handbag
    *      Рюкзак | Backpack
    *      Кошелёк | Wallet
  *        Головные уборы | Headwear
    *      Шапка | Beanie
    *      Кепка | Cap
    *      Панама | Bucket hat
  *        Очки | Glasses
    *      Очки солнцезащитные | Sunglasses
    *      Футляр для очков | Glasses case
17027500 Мебель | Furniture @home
  *        Мебель для гостиной | Living room furniture
    *      Диван | Sofa
    *      Кресло | Armchair
    *      Журнальный столик | Coffee table
  *        Мебель для спальни | Bedroom furniture
    *      Кровать | Bed
    *      Матрас | Mattress
    *      Комод | Chest of drawers
  *        Офисная мебель | Office furniture
    *      Компьютерное кресло | Office chair
    *      Письменный стол | Desk
17027501 Музыка и видео | Music and video @books !disabled
  *        Виниловые пластинки | Vinyl records !disabled
    *      Виниловая пластинка | Vinyl record !disabled
"""

# Attribute groups: id -> (ru, en)
GROUPS = {0: ("", ""), 1: ("Общие", "General"), 2: ("Внешний вид", "Appearance"),
          3: ("Дополнительные", "Additional"), 4: ("Медиа", "Media"), 5: ("Габариты", "Dimensions")}

# Attribute definitions: id -> (ru name, en name, type, dictionary key or "", is_collection,
#                               attribute_complex_id, group id, ru description)
ATTRIBUTES = {
    85: ("Бренд", "Brand", "String", "brand", False, 0, 1,
         "Укажите наименование бренда, под которым произведён товар. Если товар не имеет бренда, "
         "используйте значение «Нет бренда»."),
    8229: ("Тип", "Type", "String", "type", False, 0, 1, "Выберите наиболее подходящий тип товара."),
    9048: ("Название модели (для объединения в одну карточку)", "Model name (to group into one card)",
           "String", "", False, 0, 1,
           "Товары с одинаковым названием модели объединяются в одну карточку."),
    4180: ("Название", "Name", "String", "", False, 0, 1, "Название товара."),
    4191: ("Аннотация", "Description", "multiline", "", False, 0, 3, "Описание товара, до 6000 символов."),
    10096: ("Цвет товара", "Colour", "String", "colour", True, 0, 2, "Основной цвет товара."),
    10097: ("Название цвета", "Colour name", "String", "", False, 0, 2, "Маркетинговое название цвета."),
    4389: ("Страна-изготовитель", "Country of manufacture", "String", "country", True, 0, 3,
           "Страна, в которой произведён товар."),
    4385: ("Гарантийный срок", "Warranty period", "String", "", False, 0, 3, "Например: 12 месяцев."),
    9024: ("Артикул производителя", "Manufacturer part number", "String", "", False, 0, 3,
           "Артикул, присвоенный товару производителем."),
    11650: ("Количество заводских упаковок", "Number of factory packages", "Integer", "", False, 0, 5,
            "Сколько заводских упаковок в одном товаре."),
    10100: ("Товар для взрослых (18+)", "Adult product (18+)", "Boolean", "", False, 0, 3,
            "Отметьте, если товар предназначен только для взрослых."),
    23171: ("#Хештеги", "#Hashtags", "String", "", True, 0, 3, "Хештеги через пробел, начиная с #."),
    11254: ("Rich-контент JSON", "Rich content JSON", "String", "", False, 0, 4,
            "Описание товара в формате Rich-контента."),
    4975: ("Материал", "Material", "String", "material", True, 0, 2, "Основной материал товара."),
    5076: ("Рекомендовано для", "Recommended for", "String", "recommended", True, 0, 3,
           "Для каких устройств или задач подходит товар."),
    4382: ("Размеры, мм", "Dimensions, mm", "String", "", False, 0, 5, "Длина × ширина × высота."),
    4383: ("Вес товара, г", "Item weight, g", "Integer", "", False, 0, 5, "Вес без упаковки."),
    7203: ("Мощность, Вт", "Power, W", "Decimal", "", False, 0, 3, "Номинальная мощность."),
    4295: ("Российский размер", "Russian size", "String", "size", False, 0, 2, "Размер по российской сетке."),
    9163: ("Пол", "Gender", "String", "gender", True, 0, 1, "Для кого предназначен товар."),
    4495: ("Сезон", "Season", "String", "season", False, 0, 2, "Сезон носки."),
    13164: ("Таблица размеров JSON", "Size table JSON", "String", "", False, 0, 4,
            "Таблица размеров, созданная в конструкторе."),
    4501: ("Назначение", "Purpose", "String", "purpose", True, 0, 3, "Для чего предназначен товар."),
    6383: ("Объём, мл", "Volume, ml", "Decimal", "", False, 0, 5, "Объём содержимого."),
    8163: ("Срок годности в днях", "Shelf life, days", "Integer", "", False, 0, 3,
           "Срок годности с даты производства."),
    13216: ("Возраст ребенка", "Child age", "String", "age", True, 0, 1, "Для какого возраста товар."),
    4184: ("Автор", "Author", "String", "", True, 0, 1, "Автор или авторы издания."),
    4190: ("ISBN", "ISBN", "String", "", True, 0, 3, "Международный стандартный книжный номер."),
    7236: ("Тип питания", "Power source", "String", "power", True, 0, 3, "Как питается устройство."),
    21841: ("Озон.Видео: ссылка", "Ozon.Video: link", "URL", "", True, 100001, 4, "Ссылка на видео."),
    21837: ("Озон.Видео: название", "Ozon.Video: title", "String", "", True, 100001, 4, "Название видео."),
    21845: ("Озон.Видеообложка: ссылка", "Ozon.Video cover: link", "URL", "", False, 100002, 4,
            "Ссылка на видеообложку."),
}

COMMON = [85, 8229, 9048, 4180, 4191, 10096, 10097, 4389, 4385, 9024, 11650, 10100, 23171, 11254,
          21841, 21837, 21845]
COMMON_REQUIRED = {85, 8229}

# Profile -> (extra attribute ids, ids required in this profile)
PROFILES = {
    "electronics": ([5076, 4975, 4382, 4383, 7203, 7236], {9048}),
    "clothing": ([4295, 9163, 4495, 4975, 13164], {9048, 10096, 9163}),
    "beauty": ([4501, 6383, 9163], {4389}),
    "home": ([4975, 4382, 4383, 7203], set()),
    "kids": ([13216, 4975, 9163], {13216}),
    "sport": ([4975, 9163, 4383], set()),
    "auto": ([5076, 7236, 4382], set()),
    "stationery": ([4975, 4382, 5076], set()),
    "food": ([8163, 4383], {4389, 8163}),
    "books": ([4184, 4190, 13216], {4184}),
    "pets": ([13216, 4383, 4975], set()),
    "tools": ([7203, 7236, 4383, 4975], {9048}),
    "accessories": ([4975, 9163, 10096], set()),
}

# Dictionaries: key -> (dictionary_id, [(id, ru, en, info)])
COLOURS = [
    (61571, "серый", "grey"), (61572, "коричневый", "brown"), (61573, "красный", "red"),
    (61574, "чёрный", "black"), (61575, "зелёный", "green"), (61576, "бежевый", "beige"),
    (61577, "белый", "white"), (61578, "голубой", "light blue"), (61579, "оранжевый", "orange"),
    (61580, "розовый", "pink"), (61581, "синий", "blue"), (61582, "фиолетовый", "purple"),
    (61583, "жёлтый", "yellow"), (61584, "золотой", "gold"), (61585, "серебристый", "silver"),
    (61586, "бордовый", "burgundy"), (61587, "бирюзовый", "turquoise"), (61588, "хаки", "khaki"),
    (61589, "прозрачный", "transparent"), (61590, "разноцветный", "multicoloured"),
    (61591, "тёмно-синий", "navy"), (61592, "светло-серый", "light grey"), (61593, "мятный", "mint"),
    (61594, "лавандовый", "lavender"), (61595, "оливковый", "olive"), (61596, "кремовый", "cream"),
    (61597, "графит", "graphite"), (61598, "медный", "copper"),
]
COUNTRIES = [
    (90295, "Россия", "Russia"), (90296, "Китай", "China"), (90297, "Германия", "Germany"),
    (90298, "Италия", "Italy"), (90299, "Франция", "France"), (90300, "Турция", "Turkey"),
    (90301, "Корея", "South Korea"), (90302, "Япония", "Japan"), (90303, "США", "USA"),
    (90304, "Беларусь", "Belarus"), (90305, "Казахстан", "Kazakhstan"), (90306, "Индия", "India"),
    (90307, "Вьетнам", "Vietnam"), (90308, "Польша", "Poland"), (90309, "Испания", "Spain"),
    (90310, "Узбекистан", "Uzbekistan"), (90311, "Тайвань", "Taiwan"), (90312, "Таиланд", "Thailand"),
    (90313, "Бангладеш", "Bangladesh"), (90314, "Индонезия", "Indonesia"), (90315, "Армения", "Armenia"),
    (90316, "Сербия", "Serbia"), (90317, "Чехия", "Czech Republic"), (90318, "Финляндия", "Finland"),
]
MATERIALS = [
    (62001, "хлопок", "cotton"), (62002, "полиэстер", "polyester"), (62003, "шерсть", "wool"),
    (62004, "вискоза", "viscose"), (62005, "лён", "linen"), (62006, "натуральная кожа", "leather"),
    (62007, "искусственная кожа", "faux leather"), (62008, "пластик", "plastic"),
    (62009, "силикон", "silicone"), (62010, "металл", "metal"), (62011, "нержавеющая сталь", "stainless steel"),
    (62012, "алюминий", "aluminium"), (62013, "стекло", "glass"), (62014, "керамика", "ceramic"),
    (62015, "дерево", "wood"), (62016, "МДФ", "MDF"), (62017, "бумага", "paper"), (62018, "картон", "cardboard"),
    (62019, "резина", "rubber"), (62020, "текстиль", "textile"), (62021, "нейлон", "nylon"),
    (62022, "акрил", "acrylic"), (62023, "фарфор", "porcelain"), (62024, "бамбук", "bamboo"),
    (62025, "закалённое стекло", "tempered glass"), (62026, "полиуретан", "polyurethane"),
]
RECOMMENDED = [
    (971082156, "Стойка для акустической системы", "Speaker stand"),
    (971082157, "Apple iPhone 15", "Apple iPhone 15"), (971082158, "Apple iPhone 14", "Apple iPhone 14"),
    (971082159, "Samsung Galaxy S24", "Samsung Galaxy S24"), (971082160, "Samsung Galaxy A55", "Samsung Galaxy A55"),
    (971082161, "Xiaomi Redmi Note 13", "Xiaomi Redmi Note 13"), (971082162, "Xiaomi 14", "Xiaomi 14"),
    (971082163, "Honor X9b", "Honor X9b"), (971082164, "Realme C67", "Realme C67"),
    (971082165, "Apple iPad Air", "Apple iPad Air"), (971082166, "Samsung Galaxy Tab S9", "Samsung Galaxy Tab S9"),
    (971082167, "универсальный", "universal"), (971082168, "для ноутбука", "for laptops"),
    (971082169, "для компьютера", "for desktop computers"), (971082170, "для автомобиля", "for cars"),
    (971082171, "для дома", "for home"), (971082172, "для офиса", "for office"),
]
SIZES = [(63000 + i, ru, ru) for i, ru in enumerate(
    ["38", "40", "42", "44", "46", "48", "50", "52", "54", "56", "58", "60", "62", "XS", "S", "M", "L",
     "XL", "XXL", "3XL", "35", "36", "37", "39", "41", "43", "45"], start=1)]
GENDERS = [(22880, "Женский", "Female"), (22881, "Мужской", "Male"), (22882, "Девочки", "Girls"),
           (22883, "Мальчики", "Boys"), (22884, "Унисекс", "Unisex")]
SEASONS = [(31000, "Лето", "Summer"), (31001, "Зима", "Winter"), (31002, "Демисезон", "Mid-season"),
           (31003, "На любой сезон", "All seasons")]
PURPOSES = [(43000 + i, ru, en) for i, (ru, en) in enumerate([
    ("увлажнение", "moisturising"), ("питание", "nourishing"), ("очищение", "cleansing"),
    ("тонизирование", "toning"), ("защита от солнца", "sun protection"), ("против морщин", "anti-wrinkle"),
    ("против выпадения волос", "anti hair loss"), ("восстановление", "repair"), ("для объёма", "volume"),
    ("матирование", "mattifying"), ("от акне", "anti-acne"), ("антивозрастной уход", "anti-ageing"),
], start=1)]
AGES = [(44000 + i, ru, en) for i, (ru, en) in enumerate([
    ("от 0 месяцев", "from 0 months"), ("от 6 месяцев", "from 6 months"), ("от 1 года", "from 1 year"),
    ("от 3 лет", "from 3 years"), ("от 5 лет", "from 5 years"), ("от 7 лет", "from 7 years"),
    ("от 10 лет", "from 10 years"), ("от 14 лет", "from 14 years"), ("для взрослых", "adults"),
], start=1)]
POWER = [(45001, "от сети", "mains"), (45002, "от аккумулятора", "rechargeable battery"),
         (45003, "от батареек", "batteries"), (45004, "от USB", "USB"), (45005, "механическое", "mechanical")]

# Brands: documented ids first, then well-known names, then generated ones (see catalogue.py).
BRANDS = [
    (126745801, "Нет бренда", "No brand"), (5060050, "Samsung", "Samsung"), (5055881, "Sunshine", "Sunshine"),
    (5056737, "Essence", "Essence"), (39638, "Xiaomi", "Xiaomi"), (971034861, "Brand", "Brand"),
    (970888017, "LEDOVЫЙ", "LEDOVЫЙ"), (5060051, "Apple", "Apple"), (5060052, "Huawei", "Huawei"),
    (5060053, "Honor", "Honor"), (5060054, "Realme", "Realme"), (5060055, "Sony", "Sony"),
    (5060056, "LG", "LG"), (5060057, "Philips", "Philips"), (5060058, "Bosch", "Bosch"),
    (5060059, "Makita", "Makita"), (5060060, "Tefal", "Tefal"), (5060061, "Redmond", "Redmond"),
    (5060062, "Polaris", "Polaris"), (5060063, "Braun", "Braun"), (906158, "Nike", "Nike"),
    (5060065, "Adidas", "Adidas"), (5060066, "Puma", "Puma"), (5060067, "Reebok", "Reebok"),
    (5060068, "Gloria Jeans", "Gloria Jeans"), (5060069, "Zarina", "Zarina"), (5060070, "Befree", "Befree"),
    (5060071, "L'Oreal Paris", "L'Oreal Paris"), (5060072, "Nivea", "Nivea"), (5060073, "Garnier", "Garnier"),
    (5060074, "Natura Siberica", "Natura Siberica"), (5060075, "Чистая линия", "Chistaya Liniya"),
    (5060076, "LEGO", "LEGO"), (5060077, "Hasbro", "Hasbro"), (5060078, "Mattel", "Mattel"),
    (5060079, "Pampers", "Pampers"), (5060080, "Huggies", "Huggies"), (5060081, "Фрутоняня", "Frutonyanya"),
    (5060082, "Stels", "Stels"), (5060083, "Forward", "Forward"), (5060084, "Tramp", "Tramp"),
    (5060085, "Castrol", "Castrol"), (5060086, "Liqui Moly", "Liqui Moly"), (5060087, "Michelin", "Michelin"),
    (5060088, "Brauberg", "Brauberg"), (5060089, "Erich Krause", "Erich Krause"), (5060090, "Berlingo", "Berlingo"),
    (5060091, "Greenfield", "Greenfield"), (5060092, "Lavazza", "Lavazza"), (5060093, "Alpen Gold", "Alpen Gold"),
    (5060094, "Эксмо", "Eksmo"), (5060095, "АСТ", "AST"), (5060096, "Royal Canin", "Royal Canin"),
    (5060097, "Purina", "Purina"), (5060098, "Зубр", "Zubr"), (5060099, "Интерскол", "Interskol"),
    (5060100, "Tikkurila", "Tikkurila"), (5060101, "Casio", "Casio"), (5060102, "Pandora", "Pandora"),
    (5060103, "SOKOLOV", "SOKOLOV"), (5060104, "Ray-Ban", "Ray-Ban"), (5060105, "Askona", "Askona"),
    (5060106, "Hoff", "Hoff"), (5060107, "Baseus", "Baseus"), (5060108, "Ugreen", "Ugreen"),
    (5060109, "JBL", "JBL"), (5060110, "Logitech", "Logitech"), (5060111, "Defender", "Defender"),
]
