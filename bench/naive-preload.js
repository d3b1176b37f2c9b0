// The naive path's extra cost: importing the provider packages from their roots, which loads every binding.
require('@cdktf/provider-aws');
require('@cdktf/provider-snowflake');
