/// Nationality and regional adjectives and the places they belong to (`Iranian` → `Iran`), plus
/// religious and political group words. Used to type NORP entities and as gazetteer lists.
public enum Demonyms {
    /// Adjective → country or region. Plurals (`Iranians`) are derived by ``place(of:)``.
    public static let places: [String: String] = {
        var table: [String: String] = [:]
        for line in list.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map(trimmed)
            guard parts.count == 2 else { continue }
            for adjective in parts[0].split(separator: ",") {
                table[trimmed(adjective)] = parts[1]
            }
        }
        return table
    }()

    static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    /// Words for religious and political groups: NORP without a place.
    public static let groups: Set<String> = [
        "Muslim", "Muslims", "Christian", "Christians", "Jewish", "Jew", "Jews", "Hindu", "Hindus", "Buddhist", "Buddhists",
        "Sikh", "Sikhs", "Catholic", "Catholics", "Protestant", "Protestants", "Orthodox", "Sunni", "Sunnis", "Shia",
        "Shiite", "Shiites", "Shi'ite", "Shi'ites", "Islamic", "Islamist", "Islamists", "Evangelical", "Evangelicals",
        "Republican", "Republicans", "Democrat", "Democrats", "Democratic", "Conservative", "Conservatives", "Labour",
        "Socialist", "Socialists", "Communist", "Communists", "Zionist", "Zionists", "Kurdish", "Kurds", "Kurd",
        "Palestinians", "Arab", "Arabs", "Arabic", "Persian", "Pashtun", "Baloch", "Druze", "Alawite", "Alawites",
        "Houthi", "Houthis", "Yazidi", "Yazidis", "Rohingya", "Uighur", "Uighurs", "Uyghur", "Uyghurs", "Tamil", "Tamils",
        "Hispanic", "Hispanics", "Latino", "Latina", "Latinos", "Latinas", "African-American", "African-Americans",
        "African American", "African Americans", "Asian-American", "Asian-Americans", "Asian American", "Asian Americans",
        "Native American", "Native Americans", "Arab-American", "Arab-Americans", "Mexican-American", "Mexican-Americans",
    ]

    /// The place a nationality word belongs to: `Iranian`, `Iranians` → `Iran`.
    public static func place(of word: String) -> String? {
        if let place = places[word] { return place }
        if word.hasSuffix("s"), let place = places[String(word.dropLast())] { return place }
        if word.hasSuffix("men"), let place = places[String(word.dropLast(3)) + "man"] { return place }
        return nil
    }

    /// ``place(of:)`` for a word in any case: `IRANIAN` and `iranian` read as `Iranian`.
    public static func place(ofAnyCase word: String) -> String? {
        if let place = place(of: word) { return place }
        return place(of: titleCased(word))
    }

    /// Each word with its first letter upper case and the rest lower case.
    static func titleCased(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }.joined(separator: " ")
    }

    /// Whether a word is a nationality, religious or political group word.
    public static func isNORP(_ word: String) -> Bool {
        place(of: word) != nil || groups.contains(word)
    }

    /// Country and region names (the values of ``places``).
    public static var placeNames: Set<String> { Set(places.values) }

    static let list = """
        Afghan: Afghanistan
        Albanian: Albania
        Algerian: Algeria
        American: United States
        Andorran: Andorra
        Angolan: Angola
        Argentine, Argentinian, Argentinean: Argentina
        Armenian: Armenia
        Australian: Australia
        Austrian: Austria
        Azerbaijani, Azeri: Azerbaijan
        Bahamian: Bahamas
        Bahraini: Bahrain
        Bangladeshi: Bangladesh
        Barbadian: Barbados
        Belarusian, Belarussian, Byelorussian: Belarus
        Belgian: Belgium
        Belizean: Belize
        Beninese: Benin
        Bhutanese: Bhutan
        Bolivian: Bolivia
        Bosnian: Bosnia
        Botswanan: Botswana
        Brazilian: Brazil
        British, Briton, Englishman, Englishwoman: Britain
        English: England
        Scottish, Scot, Scots: Scotland
        Welsh: Wales
        Irish: Ireland
        Bruneian: Brunei
        Bulgarian: Bulgaria
        Burkinabe: Burkina Faso
        Burmese: Myanmar
        Burundian: Burundi
        Cambodian: Cambodia
        Cameroonian: Cameroon
        Canadian: Canada
        Chadian: Chad
        Chilean: Chile
        Chinese: China
        Colombian: Colombia
        Congolese: Congo
        Costa Rican: Costa Rica
        Croatian, Croat: Croatia
        Cuban: Cuba
        Cypriot: Cyprus
        Czech: Czech Republic
        Danish, Dane: Denmark
        Djiboutian: Djibouti
        Dominican: Dominican Republic
        Dutch, Dutchman: Netherlands
        Ecuadorian, Ecuadorean: Ecuador
        Egyptian: Egypt
        Salvadoran: El Salvador
        Eritrean: Eritrea
        Estonian: Estonia
        Ethiopian: Ethiopia
        Fijian: Fiji
        Filipino, Philippine: Philippines
        Finnish, Finn: Finland
        French, Frenchman, Frenchwoman: France
        Gabonese: Gabon
        Gambian: Gambia
        Georgian: Georgia
        German: Germany
        Ghanaian: Ghana
        Greek: Greece
        Guatemalan: Guatemala
        Guinean: Guinea
        Guyanese: Guyana
        Haitian: Haiti
        Honduran: Honduras
        Hungarian: Hungary
        Icelandic, Icelander: Iceland
        Indian: India
        Indonesian: Indonesia
        Iranian: Iran
        Iraqi: Iraq
        Israeli: Israel
        Italian: Italy
        Ivorian: Ivory Coast
        Jamaican: Jamaica
        Japanese: Japan
        Jordanian: Jordan
        Kazakh, Kazakhstani: Kazakhstan
        Kenyan: Kenya
        Korean: Korea
        North Korean: North Korea
        South Korean: South Korea
        Kosovar: Kosovo
        Kuwaiti: Kuwait
        Kyrgyz: Kyrgyzstan
        Laotian, Lao: Laos
        Latvian: Latvia
        Lebanese: Lebanon
        Liberian: Liberia
        Libyan: Libya
        Lithuanian: Lithuania
        Luxembourgish, Luxembourger: Luxembourg
        Macedonian: North Macedonia
        Malagasy: Madagascar
        Malawian: Malawi
        Malaysian: Malaysia
        Maldivian: Maldives
        Malian: Mali
        Maltese: Malta
        Mauritanian: Mauritania
        Mauritian: Mauritius
        Mexican: Mexico
        Moldovan: Moldova
        Monegasque: Monaco
        Mongolian: Mongolia
        Montenegrin: Montenegro
        Moroccan: Morocco
        Mozambican: Mozambique
        Namibian: Namibia
        Nepalese, Nepali: Nepal
        New Zealander: New Zealand
        Nicaraguan: Nicaragua
        Nigerien: Niger
        Nigerian: Nigeria
        Norwegian: Norway
        Omani: Oman
        Pakistani: Pakistan
        Palestinian: Palestine
        Panamanian: Panama
        Paraguayan: Paraguay
        Peruvian: Peru
        Polish, Pole: Poland
        Portuguese: Portugal
        Qatari: Qatar
        Romanian: Romania
        Russian: Russia
        Rwandan: Rwanda
        Saudi: Saudi Arabia
        Senegalese: Senegal
        Serbian, Serb: Serbia
        Sierra Leonean: Sierra Leone
        Singaporean: Singapore
        Slovak: Slovakia
        Slovenian, Slovene: Slovenia
        Somali: Somalia
        South African: South Africa
        South Sudanese: South Sudan
        Spanish, Spaniard: Spain
        Sri Lankan: Sri Lanka
        Sudanese: Sudan
        Surinamese: Suriname
        Swedish, Swede: Sweden
        Swiss: Switzerland
        Syrian: Syria
        Taiwanese: Taiwan
        Tajik: Tajikistan
        Tanzanian: Tanzania
        Thai: Thailand
        Togolese: Togo
        Tunisian: Tunisia
        Turkish, Turk: Turkey
        Turkmen: Turkmenistan
        Ugandan: Uganda
        Ukrainian: Ukraine
        Emirati: United Arab Emirates
        Uruguayan: Uruguay
        Uzbek: Uzbekistan
        Venezuelan: Venezuela
        Vietnamese: Vietnam
        Yemeni: Yemen
        Zambian: Zambia
        Zimbabwean: Zimbabwe
        Soviet: Soviet Union
        Yugoslav: Yugoslavia
        Chechen: Chechnya
        Tibetan: Tibet
        Basque: Basque Country
        Catalan: Catalonia
        Flemish: Flanders
        Bavarian: Bavaria
        Texan: Texas
        Californian: California
        European: Europe
        African: Africa
        Asian: Asia
        Latin American: Latin America
        South American: South America
        North American: North America
        Scandinavian: Scandinavia
        Caribbean: Caribbean
        Balkan: Balkans
        Nordic: Nordic countries
        Baltic: Baltic states
        Middle Eastern: Middle East
        Western: West
        """
}
