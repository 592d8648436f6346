/*
 * parsecost.cc - what parsing the view's documents costs with cJSON (what the view
 * does) and with simdjson (Debian's libsimdjson), to choose a parser by measurement
 * (issue 17). For each file: the median microseconds of cJSON_ParseWithLength plus
 * cJSON_Delete; of simdjson's DOM parse alone (its parser reused, as a worker would);
 * and of that parse followed by a conversion to cJSON, which is what a drop-in for the
 * view would cost, since every handler reads cJSON. C++ only because simdjson is:
 * nothing of it is linked into openattic. usage: parsecost N FILE:NAME...
 */
#include <algorithm>
#include <chrono>
#include <cjson/cJSON.h>
#include <cstdio>
#include <simdjson.h>
#include <string>
#include <vector>

using namespace simdjson;

static double
now_us()
{
	return std::chrono::duration<double, std::micro>(
		       std::chrono::steady_clock::now().time_since_epoch())
		.count();
}

static double
median(std::vector<double> v)
{
	std::sort(v.begin(), v.end());
	return v[v.size() / 2];
}

static cJSON *
to_cjson(dom::element e)
{
	switch (e.type()) {
	case dom::element_type::ARRAY: {
		cJSON *a = cJSON_CreateArray();
		for (dom::element x : dom::array(e))
			cJSON_AddItemToArray(a, to_cjson(x));
		return a;
	}
	case dom::element_type::OBJECT: {
		cJSON *o = cJSON_CreateObject();
		for (dom::key_value_pair kv : dom::object(e))
			cJSON_AddItemToObject(o, std::string(kv.key).c_str(), to_cjson(kv.value));
		return o;
	}
	case dom::element_type::STRING:
		return cJSON_CreateString(std::string(std::string_view(e)).c_str());
	case dom::element_type::INT64:
		return cJSON_CreateNumber((double)int64_t(e));
	case dom::element_type::UINT64:
		return cJSON_CreateNumber((double)uint64_t(e));
	case dom::element_type::DOUBLE:
		return cJSON_CreateNumber(double(e));
	case dom::element_type::BOOL:
		return cJSON_CreateBool(bool(e));
	default:
		return cJSON_CreateNull();
	}
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	dom::parser parser;

	if (argc < 3 || n < 1) {
		fprintf(stderr, "usage: parsecost N FILE:NAME...\n");
		return 2;
	}
	printf("%-26s %9s %12s %14s %18s\n", "document", "bytes", "cJSON us", "simdjson us",
	       "simdjson+cJSON us");
	for (int f = 2; f < argc; f++) {
		std::string arg(argv[f]), path = arg.substr(0, arg.find(':')),
					  name = arg.substr(arg.find(':') + 1);
		padded_string text;
		if (padded_string::load(path).get(text)) {
			fprintf(stderr, "parsecost: cannot read %s\n", path.c_str());
			return 1;
		}
		std::vector<double> cj, sj, sc;
		for (int i = 0; i < n; i++) {
			double t0 = now_us();
			cJSON_Delete(cJSON_ParseWithLength(text.data(), text.size()));
			double t1 = now_us();
			dom::element doc;
			if (parser.parse(text).get(doc)) {
				fprintf(stderr, "parsecost: %s is not JSON\n", path.c_str());
				return 1;
			}
			double t2 = now_us();
			cJSON_Delete(to_cjson(doc));
			double t3 = now_us();
			cj.push_back(t1 - t0);
			sj.push_back(t2 - t1);
			sc.push_back(t3 - t1);
		}
		printf("%-26s %9zu %12.1f %14.1f %18.1f\n", name.c_str(), text.size(), median(cj),
		       median(sj), median(sc));
	}
	return 0;
}
